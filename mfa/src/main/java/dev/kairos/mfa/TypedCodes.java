package dev.kairos.mfa;

/**
 * A cheap first look at a typed code, before any store access: input that cannot be a code after the core
 * verifier's normalisation (6 to 10 decimal digits of any script, with spaces or hyphens between them) is refused
 * as malformed without reading the store, so a flood of garbage costs no round trip and no HMAC. The verifier
 * still decides exactly (the record's digit count, its own normalisation rules).
 */
final class TypedCodes {

    private static final int MAX_LENGTH = 64;

    private TypedCodes() {
    }

    static boolean mayBeCode(CharSequence code) {
        if (code == null || code.length() == 0 || code.length() > MAX_LENGTH) {
            return false;
        }
        int digits = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (Character.isDigit(c)) {
                digits++;
            } else if (c != ' ' && c != '-') {
                return false;
            }
        }
        return digits >= 6 && digits <= 10;
    }
}
