package dev.kairos.mfa;

import dev.kairos.core.InvalidOtpAuthUriException;
import dev.kairos.core.OtpAuthUri;
import dev.kairos.core.TotpParameters;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.InvalidAccountException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The checks of {@link Enrollments} and its builder, kept here so that the facade reads as its documented methods.
 * Labels and issuers obey one set of rules, written once in core ({@link OtpAuthUri#checkAccount},
 * {@link OtpAuthUri#checkIssuer}) and applied by the record too, so no pending enrollment can exist whose URI
 * cannot be built (a trailing no-break space, a leading figure space or a lone surrogate used to pass the service
 * and fail the URI).
 */
final class Labels {

    private Labels() {
    }

    /** An origin follows the account id's rules; the message says "origin". */
    static String checkOrigin(String origin) {
        try {
            return EnrollmentRecord.checkAccountId(origin);
        } catch (InvalidAccountException e) {
            throw new InvalidAccountException(e.getMessage().replace("account id", "origin"));
        }
    }

    /** The otpauth:// format has no epoch parameter, so authenticator apps always count from 0. */
    static TotpParameters checkEpoch(TotpParameters parameters) {
        Objects.requireNonNull(parameters, "parameters");
        if (!parameters.epoch().equals(Instant.EPOCH)) {
            throw new IllegalArgumentException("parameters must count from the Unix epoch (authenticator apps "
                    + "cannot be told another T0), got epoch " + parameters.epoch());
        }
        return parameters;
    }

    /** A builder's range check: the message names the setting, the range and the value. */
    static int checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    static void checkOneSealingChoice(boolean otherChosen, String other) {
        if (otherChosen) {
            throw new IllegalStateException(other + " was already chosen; choose either sealWith(KeyRing) or "
                    + "unsealed(), not both");
        }
    }

    static Duration checkPendingLifetime(Duration lifetime) {
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.compareTo(Duration.ofMinutes(1)) < 0 || lifetime.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("pendingLifetime must be from 1 minute to 7 days, got " + lifetime);
        }
        return lifetime;
    }

    static void checkBuildable(String issuer, boolean sealingChosen) {
        if (issuer == null) {
            throw new IllegalStateException("set the issuer (the service name authenticator apps show), "
                    + "e.g. .issuer(\"ACME Corp\")");
        }
        if (!sealingChosen) {
            throw new IllegalStateException("choose how secrets are stored: .sealWith(KeyRing) to encrypt them "
                    + "with AES-GCM (recommended), or .unsealed() to store them in the clear; there is no default");
        }
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
