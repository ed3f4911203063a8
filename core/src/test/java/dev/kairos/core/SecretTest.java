package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void aGeneratedSecretHas160BitsAndTwoGeneratedSecretsDiffer() {
        Secret a = Secret.generate();
        Secret b = Secret.generate();

        assertEquals(20, a.length());
        assertEquals(20, a.bytes().length);
        assertEquals(32, a.toBase32().length());
        assertNotEquals(a, b);
        assertEquals("Secret[160 bits]", a.toString());
    }

    @Test
    void secretsWithTheSameBytesAreEqualAndHashAlike() {
        byte[] key = new byte[20];
        Arrays.fill(key, (byte) 7);
        byte[] other = key.clone();
        other[19] = 8;

        assertEquals(Secret.fromBytes(key), Secret.fromBytes(key.clone()));
        assertEquals(Secret.fromBytes(key).hashCode(), Secret.fromBytes(key.clone()).hashCode());
        assertNotEquals(Secret.fromBytes(key), Secret.fromBytes(other));
        assertNotEquals(Secret.fromBytes(key), Secret.fromBytes(Arrays.copyOf(key, 21)));
        assertNotEquals(Secret.fromBytes(key), (Object) key);
        assertNotEquals(Secret.fromBytes(key), null);
    }

    @Test
    void fromBytesCopiesItsInputAndBytesReturnsACopy() {
        byte[] key = new byte[16];
        Secret secret = Secret.fromBytes(key);

        key[0] = 1;
        assertArrayEquals(new byte[16], secret.bytes());
        secret.bytes()[1] = 1;
        assertArrayEquals(new byte[16], secret.bytes());
    }

    @Test
    void readsTheKeyAuthenticatorAppsShowWithSpacesAndLowerCase() {
        Secret secret = Secret.fromBase32("jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp");

        assertEquals("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", secret.toBase32());
        assertEquals("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP", secret.toManualEntryKey());
        assertArrayEquals("Hello!\u00de\u00ad\u00be\u00efHello!\u00de\u00ad\u00be\u00ef"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), secret.bytes());
    }

    @Test
    void acceptsTheSmallestAndLargestKeys() {
        assertEquals(16, Secret.fromBytes(new byte[16]).length());
        assertEquals(128, Secret.fromBytes(new byte[128]).length());
        assertEquals(16, Secret.fromBase32("A".repeat(26)).length());
        assertEquals(128, Secret.fromBase32("A".repeat(205)).length());
    }
}
