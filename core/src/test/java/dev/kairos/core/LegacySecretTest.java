package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Legacy secrets (80 to 127 bits): accepted only through the explicit opt-in, never generated. */
class LegacySecretTest {

    /** GoogleAuth's and many tutorials' example key: 80 bits. */
    private static final String EIGHTY_BITS = "JBSWY3DPEHPK3PXP";

    @Test
    void refusesAnEightyBitSecretByDefaultAndNamesTheOptIn() {
        InvalidSecretException e = assertThrows(InvalidSecretException.class, () -> Secret.fromBase32(EIGHTY_BITS));
        assertTrue(e.getMessage().contains("80 bits"), e.getMessage());
        assertTrue(e.getMessage().contains("Secret.fromBase32Legacy"), e.getMessage());
        assertThrows(InvalidSecretException.class, () -> Secret.fromBytes(new byte[10]));
    }

    @Test
    void acceptsAnEightyBitSecretWhenAskedAndSaysItIsLegacy() {
        Secret legacy = Secret.fromBase32Legacy(EIGHTY_BITS);

        assertEquals(10, legacy.length());
        assertTrue(legacy.isLegacy());
        assertEquals(EIGHTY_BITS, legacy.toBase32());
        assertEquals(legacy, Secret.fromBytesLegacy(legacy.bytes()));
        // The same lenient reading as fromBase32: case, spaces, hyphens.
        assertEquals(legacy, Secret.fromBase32Legacy("jbsw y3dp-ehpk 3pxp"));
    }

    @Test
    void aLegacySecretComputesTheCodesOathtoolComputes() {
        // oathtool 2.6.7: oathtool --hotp 31323334353637383930 -c 0  -> 891490;  -c 1 -> 263420
        Hotp hotp = Hotp.of(Secret.fromBytesLegacy("1234567890".getBytes(StandardCharsets.US_ASCII)),
                HmacAlgorithm.SHA1, 6);
        assertEquals("891490", hotp.code(0));
        assertEquals("263420", hotp.code(1));
    }

    @Test
    void neverAcceptsLessThanEightyBitsEvenWithTheOptIn() {
        InvalidSecretException e = assertThrows(InvalidSecretException.class,
                () -> Secret.fromBase32Legacy("JBSWY3DPEHPK3PX")); // 75 bits
        assertTrue(e.getMessage().contains("80 bits"), e.getMessage());
        assertFalse(e.getMessage().contains("JBSWY3DP"), e.getMessage());
        assertThrows(InvalidSecretException.class, () -> Secret.fromBytesLegacy(new byte[9]));
    }

    @Test
    void secretsOf128BitsOrMoreAreNotLegacyWhicheverWayTheyAreRead() {
        Secret generated = Secret.generate();
        assertFalse(generated.isLegacy());
        assertFalse(Secret.fromBase32Legacy(generated.toBase32()).isLegacy());
        assertFalse(Secret.fromBytes(new byte[16]).isLegacy());
        assertTrue(Secret.fromBytesLegacy(new byte[15]).isLegacy());
    }
}
