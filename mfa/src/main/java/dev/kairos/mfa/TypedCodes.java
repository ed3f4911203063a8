package dev.kairos.mfa;

/**
 * A cheap first look at a typed code, before any store access: input that cannot be a code after the core
 * verifier's normalisation is refused as malformed without reading the store, so a flood of garbage costs no
 * round trip and no HMAC. The rules are exactly core's ({@code TotpVerifier}, "Codes as people type them") for
 * every length from 6 to 10 digits: decimal digits of one script, single ASCII spaces or hyphens between two
 * digits, nothing else. So this filter answers true exactly when the verifier, for some record's digit count,
 * would not call the input malformed ({@code TypedCodesTest} checks the agreement); the verifier then decides for
 * the record's own digit count.
 */
final class TypedCodes {

    private static final int MIN_DIGITS = 6;
    private static final int MAX_DIGITS = 10;

    private TypedCodes() {
    }

    static boolean mayBeCode(CharSequence code) {
        // Ten digits and nine separators at most: a longer input is refused unread.
        if (code == null || code.length() < MIN_DIGITS || code.length() > 2 * MAX_DIGITS - 1) {
            return false;
        }
        int digits = 0;
        int zero = -1;
        boolean afterDigit = false;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == ' ' || c == '-') {
                if (!afterDigit) {
                    return false; // first, or doubled
                }
                afterDigit = false;
                continue;
            }
            if (Character.getType(c) != Character.DECIMAL_DIGIT_NUMBER) {
                return false;
            }
            int script = c - Character.digit(c, 10);
            if (zero != -1 && zero != script) {
                return false; // two scripts in one code
            }
            zero = script;
            digits++;
            afterDigit = true;
        }
        return afterDigit && digits >= MIN_DIGITS && digits <= MAX_DIGITS;
    }
}
