package dev.kairos.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kairos.core.InvalidOtpAuthUriException;
import dev.kairos.core.OtpAuthUri;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link OtpAuthUri#parse(String)} on arbitrary text: it returns a URI that round-trips
 * ({@code parse(u.toUriString()).equals(u)}), or throws {@link InvalidOtpAuthUriException} whose message does not
 * show the secret.
 */
class OtpAuthUriFuzzTest {

    static final String PLANTED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    static final byte[] PLANTED_BYTES = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern SECRET = Pattern.compile("(?i)secret=([^&#]*)");

    @FuzzTest(maxDuration = Fuzz.CAMPAIGN)
    void parse(FuzzedDataProvider data) {
        check(Fuzz.remainingText(data));
    }

    /** A well-formed start with the planted secret, then fuzzed text: no message or redacted form shows it. */
    @FuzzTest(maxDuration = Fuzz.SHORT_CAMPAIGN)
    void parseNeverShowsAPlantedSecret(FuzzedDataProvider data) {
        String label = Fuzz.text(data, 64);
        String text = "otpauth://totp/" + label + "?secret=" + PLANTED + Fuzz.remainingText(data);
        try {
            OtpAuthUri u = OtpAuthUri.parse(text);
            Fuzz.assertRedacted(u);
            Fuzz.assertNoSecret(u.secret().toString(), PLANTED_BYTES, PLANTED, "Secret.toString()");
        } catch (InvalidOtpAuthUriException e) {
            Fuzz.assertNoWholeSecret(e, PLANTED);
        }
        check(text);
    }

    static void check(String text) {
        OtpAuthUri u;
        try {
            u = OtpAuthUri.parse(text);
        } catch (InvalidOtpAuthUriException e) {
            // Whatever the input gave as secret= must not come back in the message, if it can be a secret at all
            // (26 characters, 128 bits, or more: messages echo at most 24 characters of user text).
            Matcher m = SECRET.matcher(text);
            while (m.find()) {
                String value = m.group(1).toUpperCase(Locale.ROOT).replace("=", "");
                if (value.length() >= 26 && value.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= '2' && c <= '7')) {
                    Fuzz.assertNoWholeSecret(e.getMessage(), value, "InvalidOtpAuthUriException message");
                }
            }
            return;
        }
        String written = u.toUriString();
        OtpAuthUri back = OtpAuthUri.parse(written);
        assertEquals(u, back, "parse(u.toUriString()).equals(u)");
        assertEquals(u.hashCode(), back.hashCode());
        assertEquals(written, back.toUriString(), "the written form is stable");
        if (!written.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new AssertionError("toString() is not printable ASCII: " + written);
        }
        String base32 = u.secret().toBase32();
        Fuzz.assertRedacted(u);
    }
}
