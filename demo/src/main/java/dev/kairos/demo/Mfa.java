package dev.kairos.demo;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The MFA operations the portal needs, in the portal's words. The implementation is the only class that talks to
 * the Kairos enrollment service, so the pages stay readable and the wiring sits in one place.
 */
interface Mfa {

    /**
     * What the Enable MFA page shows: the QR code (a {@code data:} URI), the key to type, issuer and account. The
     * QR code and the key hold the secret: they go to the enrolling user's page and nowhere else.
     */
    record Setup(String qrDataUri, String manualEntryKey, String issuer, String account) {
        @Override
        public String toString() {
            return "Setup[issuer=" + issuer + ", account=" + account + ", secret=(hidden)]";
        }
    }

    /** The result of submitting a code. */
    sealed interface Outcome permits Confirmed, Accepted, Refused {}

    /** MFA is now active; the recovery codes are shown once. */
    record Confirmed(List<String> recoveryCodes) implements Outcome {
        public Confirmed {
            recoveryCodes = List.copyOf(recoveryCodes);
        }
    }

    /**
     * The code (or recovery code) was accepted.
     *
     * @param recoveryCodesLeft how many recovery codes remain, or -1 when a TOTP code was used
     */
    record Accepted(int recoveryCodesLeft) implements Outcome {}

    /**
     * The code was refused; nothing was signed in or changed.
     *
     * @param lockedUntil when {@code reason} is {@link Reason#LOCKED_OUT}, the end of the lockout; null if the
     *     lockout has no end (only a recovery code or an administrator lifts it) or the reason is another
     */
    record Refused(Reason reason, Instant lockedUntil) implements Outcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            if (lockedUntil != null && reason != Reason.LOCKED_OUT) {
                throw new IllegalArgumentException("lockedUntil is only given when the reason is LOCKED_OUT");
            }
        }

        static Refused because(Reason reason) {
            return new Refused(reason, null);
        }
    }

    /** Why a code was refused. */
    enum Reason { MALFORMED, WRONG_CODE, REPLAYED, LOCKED_OUT, NOT_ENROLLED, NOTHING_PENDING }

    /**
     * Starts (or restarts) enrollment; MFA is not active until {@link #confirm} accepts a code.
     *
     * @throws IllegalStateException if MFA is already active
     */
    Setup begin(String account);

    Outcome confirm(String account, String code);

    /** Checks a sign-in code: at most once per time step, with lockout after repeated failures. */
    Outcome verify(String account, String code);

    /** Signs in once with a recovery code. */
    Outcome recover(String account, String recoveryCode);

    /** Turns MFA off, proven with a current code or a recovery code. */
    Outcome disable(String account, String codeOrRecoveryCode);

    /** Administrator action: removes the account's MFA without proof of possession (audited). */
    void reset(String account, String admin);

    boolean isActive(String account);
}
