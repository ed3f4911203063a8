package dev.kairos.mfa;

import dev.kairos.core.TotpParameters;
import dev.kairos.core.TotpVerifier;

/**
 * A cheap first look at a typed code, before any store access: input that cannot be a code for any digit count (6
 * to 10) is refused as malformed without reading the store, so a flood of garbage costs no round trip and no HMAC.
 * The rules are core's, asked of {@link TotpVerifier#isWellFormed} (not written again here); the verifier then
 * decides for the record's own digit count.
 */
final class TypedCodes {

    private TypedCodes() {
    }

    static boolean mayBeCode(CharSequence code) {
        for (int digits = TotpParameters.MIN_DIGITS; digits <= TotpParameters.MAX_DIGITS; digits++) {
            if (TotpVerifier.isWellFormed(code, digits)) {
                return true;
            }
        }
        return false;
    }
}
