package dev.kairos.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kairos.core.InvalidSecretException;
import dev.kairos.core.Secret;
import java.util.HexFormat;

/**
 * {@link Secret#fromBase32(CharSequence)} on arbitrary text: it returns a secret that round-trips through
 * {@link Secret#toBase32()}, or throws {@link InvalidSecretException} whose message does not show the input's key.
 */
class SecretFuzzTest {

    /** A known secret planted in otherwise broken input: no message may show it. */
    static final String PLANTED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // "12345678901234567890"
    static final byte[] PLANTED_BYTES = "12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = Fuzz.CAMPAIGN)
    void fromBase32(FuzzedDataProvider data) {
        String text = Fuzz.remainingText(data);
        Secret secret;
        try {
            secret = Secret.fromBase32(text);
        } catch (InvalidSecretException e) {
            // The input is the would-be key: a message may give a position or a length, never the text.
            String upper = text.toUpperCase(java.util.Locale.ROOT).replace(" ", "").replace("-", "");
            if (upper.length() >= 16 && upper.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= '2' && c <= '7')) {
                Fuzz.assertNoSecret(e.getMessage(), new byte[0], upper, "InvalidSecretException message");
            }
            return;
        }
        String base32 = secret.toBase32();
        Secret again = Secret.fromBase32(base32);
        assertEquals(secret, again, "fromBase32(toBase32()) is the same secret");
        assertArrayEquals(secret.bytes(), again.bytes());
        assertEquals(base32, again.toBase32());
        assertEquals(secret, Secret.fromBase32(secret.toManualEntryKey()), "the manual entry key reads back");
        assertEquals(secret, Secret.fromBytes(secret.bytes()));
        if (secret.length() < Secret.MIN_LENGTH || secret.length() > Secret.MAX_LENGTH) {
            throw new AssertionError("accepted a secret of " + secret.length() + " bytes");
        }
        Fuzz.assertNoSecret(secret.toString(), secret.bytes(), base32, "Secret.toString()");
        String hex = HexFormat.of().formatHex(secret.bytes());
        if (secret.toString().contains(hex)) {
            throw new AssertionError("Secret.toString() shows the hex key");
        }
    }

    /** A valid key with fuzzed text spliced in: whatever the outcome, no message shows the key. */
    @FuzzTest(maxDuration = Fuzz.SHORT_CAMPAIGN)
    void fromBase32NeverShowsAPlantedSecret(FuzzedDataProvider data) {
        int at = data.consumeInt(0, PLANTED.length());
        String text = PLANTED.substring(0, at) + Fuzz.remainingText(data) + PLANTED.substring(at);
        try {
            Secret s = Secret.fromBase32(text);
            Fuzz.assertNoSecret(s.toString(), PLANTED_BYTES, PLANTED, "Secret.toString()");
        } catch (InvalidSecretException e) {
            Fuzz.assertNoSecret(e, PLANTED_BYTES, PLANTED);
        }
    }
}
