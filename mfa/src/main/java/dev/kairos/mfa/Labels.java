package dev.kairos.mfa;

import dev.kairos.core.InvalidOtpAuthUriException;
import dev.kairos.core.OtpAuthUri;
import dev.kairos.core.Secret;
import dev.kairos.core.TotpParameters;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.InvalidAccountException;

/**
 * Labels and issuers obey one set of rules: what the store accepts for a record and what {@link OtpAuthUri} can
 * write. Checking both up front means no pending enrollment can exist whose URI cannot be built (a trailing
 * no-break space, a leading figure space or a lone surrogate used to pass the first and fail the second).
 */
final class Labels {

    /** Not a secret: a fixed all-zero key, used only to ask the URI builder whether it accepts a label. */
    private static final Secret PROBE = Secret.fromBytes(new byte[20]);

    private Labels() {
    }

    static String checkLabel(String label) {
        EnrollmentRecord.checkLabel(label);
        try {
            OtpAuthUri.totp(PROBE, TotpParameters.defaults()).account(label);
        } catch (InvalidOtpAuthUriException e) {
            throw new InvalidAccountException("account label is not valid in an otpauth:// URI: " + e.getMessage());
        }
        return label;
    }

    static String checkIssuer(String issuer) {
        if (issuer == null) {
            throw new InvalidAccountException("issuer must not be null");
        }
        try {
            EnrollmentRecord.checkLabel(issuer);
            OtpAuthUri.totp(PROBE, TotpParameters.defaults()).issuer(issuer).account("probe");
        } catch (InvalidAccountException | InvalidOtpAuthUriException e) {
            throw new InvalidAccountException("issuer is not valid: " + e.getMessage().replace("account label", "issuer"));
        }
        return issuer;
    }
}
