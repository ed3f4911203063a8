package dev.kairos.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.kairos.core.OtpAuthUri;
import java.util.HexFormat;
import java.util.Locale;

/** Helpers shared by the fuzz tests: text from the fuzzer's bytes, and the "no secret in any text" check. */
final class Fuzz {

    /**
     * How long one fuzzing run lasts (only with {@code JAZZER_FUZZ=1}; the normal build runs the seeds only).
     * See docs/fuzzing.md.
     */
    static final String CAMPAIGN = "10m";

    /** For the planted-secret variants, which add one property to a target that already has a full campaign. */
    static final String SHORT_CAMPAIGN = "4m";

    private Fuzz() {
    }

    /**
     * Text from the fuzzer: usually Jazzer's string (mostly printable), sometimes raw UTF-16 code units, so that
     * lone surrogates, control characters and every other char value reach the code under test.
     */
    static String text(FuzzedDataProvider data, int maxLength) {
        if (data.consumeBoolean()) {
            return data.consumeString(maxLength);
        }
        int length = data.consumeInt(0, maxLength);
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length && data.remainingBytes() > 0; i++) {
            b.append(data.consumeChar());
        }
        return b.toString();
    }

    /** The rest of the input as text: raw UTF-16 code units if the last byte is odd, else Jazzer's string. */
    static String remainingText(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            StringBuilder b = new StringBuilder();
            while (data.remainingBytes() > 0) {
                b.append(data.consumeChar());
            }
            return b.toString();
        }
        return data.consumeRemainingAsString();
    }

    /**
     * Fails if a text produced by the library shows a secret: its Base32 (any case, as one run of 16 or more
     * characters, which is 80 bits) or its hex.
     */
    static void assertNoSecret(String text, byte[] secret, String base32, String where) {
        if (text == null) {
            return;
        }
        String upper = text.toUpperCase(Locale.ROOT).replace(" ", "").replace("-", "");
        String clean = base32.replace("=", "");
        for (int i = 0; i + 16 <= clean.length(); i += 8) {
            if (upper.contains(clean.substring(i, i + 16))) {
                throw new AssertionError(where + " shows the secret's Base32: " + text);
            }
        }
        String hex = HexFormat.of().formatHex(secret);
        if (!hex.isEmpty() && text.toLowerCase(Locale.ROOT).contains(hex.substring(0, Math.min(hex.length(), 32)))) {
            throw new AssertionError(where + " shows the secret's hex: " + text);
        }
    }

    /**
     * Fails if a text shows a whole secret: its Base32 as given (any case, without padding) or its hex. For
     * messages that may echo short user text (at most 24 characters, fewer than the 26 of the shortest secret),
     * which the fuzzer can make equal to a piece of the secret without anything leaking.
     */
    static void assertNoWholeSecret(String text, String base32, String where) {
        String clean = base32.replace("=", "").toUpperCase(Locale.ROOT);
        if (text != null && !clean.isEmpty() && text.toUpperCase(Locale.ROOT).replace(" ", "").contains(clean)) {
            throw new AssertionError(where + " shows the whole secret: " + text);
        }
    }

    /**
     * Fails unless {@code toRedactedString()} is the URI with exactly its secret parameter's value replaced. (A
     * plain "does not contain the secret" check is fooled by the fuzzer, which copies the secret into the
     * account name, which the redacted form rightly shows.)
     */
    static void assertRedacted(OtpAuthUri uri) {
        String full = uri.toUriString();
        String secretParameter = "?secret=" + uri.secret().toBase32();
        int at = full.indexOf(secretParameter);
        if (at < 0) {
            throw new AssertionError("toString() lacks the secret parameter");
        }
        String expected = full.substring(0, at) + "?secret=<redacted>" + full.substring(at + secretParameter.length());
        if (!expected.equals(uri.toRedactedString())) {
            throw new AssertionError("toRedactedString() is not the URI with the secret redacted: "
                    + uri.toRedactedString());
        }
    }

    /** Fails if a throwable or any of its causes has a message that shows the whole secret. */
    static void assertNoWholeSecret(Throwable t, String base32) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertNoWholeSecret(c.getMessage(), base32, c.getClass().getSimpleName() + " message");
        }
    }

    /** Fails if a throwable or any of its causes has a message that shows the secret. */
    static void assertNoSecret(Throwable t, byte[] secret, String base32) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertNoSecret(c.getMessage(), secret, base32, c.getClass().getSimpleName() + " message");
            assertNoSecret(c.toString(), secret, base32, c.getClass().getSimpleName() + ".toString()");
        }
    }
}
