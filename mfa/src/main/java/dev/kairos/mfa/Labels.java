package dev.kairos.mfa;

import dev.kairos.core.InvalidOtpAuthUriException;
import dev.kairos.core.OtpAuthUri;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.InvalidAccountException;

/**
 * Labels and issuers obey one set of rules, written once in core ({@link OtpAuthUri#checkAccount},
 * {@link OtpAuthUri#checkIssuer}) and applied by the record too, so no pending enrollment can exist whose URI
 * cannot be built (a trailing no-break space, a leading figure space or a lone surrogate used to pass the service
 * and fail the URI).
 */
final class Labels {

    private Labels() {
    }

    static String checkLabel(String label) {
        return EnrollmentRecord.checkLabel(label);
    }

    static String checkIssuer(String issuer) {
        if (issuer == null) {
            throw new InvalidAccountException("issuer must not be null");
        }
        try {
            OtpAuthUri.checkIssuer(issuer);
        } catch (InvalidOtpAuthUriException e) {
            throw new InvalidAccountException("issuer breaks the otpauth:// rules: " + e.getMessage());
        }
        if (issuer.length() > EnrollmentRecord.MAX_ACCOUNT_LENGTH) {
            throw new InvalidAccountException("issuer is " + issuer.length() + " characters long; at most "
                    + EnrollmentRecord.MAX_ACCOUNT_LENGTH + " allowed");
        }
        return issuer;
    }
}
