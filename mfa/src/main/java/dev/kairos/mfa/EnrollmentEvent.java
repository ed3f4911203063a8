package dev.kairos.mfa;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to an enrollment, for an audit log: delivered to an {@link EnrollmentListener} after the change
 * was stored. Events carry account ids, times, counts and reasons; never a secret, a code or a recovery code.
 * Immutable records.
 */
public sealed interface EnrollmentEvent permits EnrollmentEvent.Begun, EnrollmentEvent.Confirmed,
        EnrollmentEvent.CodeAccepted, EnrollmentEvent.CodeRefused, EnrollmentEvent.LockedOut,
        EnrollmentEvent.RecoveryCodeUsed, EnrollmentEvent.Disabled, EnrollmentEvent.Reset, EnrollmentEvent.Unlocked {

    /**
     * Returns the account the event is about.
     *
     * @return the account id
     */
    String accountId();

    /**
     * Returns when it happened, by the service's clock.
     *
     * @return the instant
     */
    Instant at();

    /** The operation during which a code was checked. */
    enum Operation {
        /** {@link Enrollments#confirm}. */
        CONFIRM,
        /** {@link Enrollments#verify}. */
        LOGIN,
        /** {@link Enrollments#recover}. */
        RECOVERY,
        /** {@link Enrollments#disable}. */
        DISABLE
    }

    /** Why a code was refused. */
    enum Refusal {
        /** Not a code at all; not counted. */
        MALFORMED,
        /** Well formed and wrong; counted. */
        WRONG_CODE,
        /** Right but already used; not counted. */
        REPLAYED,
        /** Not checked: the account is locked out. */
        LOCKED_OUT,
        /** Not checked: the pending enrollment expired. */
        EXPIRED,
        /** Not checked: nothing to check it against. */
        NOT_ENROLLED
    }

    /**
     * An enrollment was begun (or begun again, replacing a pending one).
     *
     * @param accountId the account
     * @param at when
     * @param expiresAt until when it can be confirmed
     */
    record Begun(String accountId, Instant at, Instant expiresAt) implements EnrollmentEvent {
        /**
         * Validates.
         *
         * @throws NullPointerException if an argument is null
         */
        public Begun {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /**
     * An enrollment was confirmed: MFA is active.
     *
     * @param accountId the account
     * @param at when
     * @param recoveryCodes how many recovery codes were issued
     */
    record Confirmed(String accountId, Instant at, int recoveryCodes) implements EnrollmentEvent {
        /**
         * Validates.
         *
         * @throws NullPointerException if an argument is null
         */
        public Confirmed {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A TOTP code was accepted at login or to disable MFA.
     *
     * @param accountId the account
     * @param at when
     * @param operation login or disable
     * @param drift the code's distance from the current step, in steps
     */
    record CodeAccepted(String accountId, Instant at, Operation operation, int drift) implements EnrollmentEvent {
        /**
         * Validates.
         *
         * @throws NullPointerException if an argument is null
         */
        public CodeAccepted {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(operation, "operation");
        }
    }

    /**
     * A code or recovery code was refused.
     *
     * @param accountId the account
     * @param at when
     * @param operation during which operation
     * @param refusal why
     * @param consecutiveFailures the failures in a row after this refusal
     */
    record CodeRefused(String accountId, Instant at, Operation operation, Refusal refusal, int consecutiveFailures)
            implements EnrollmentEvent {
        /**
         * Validates.
         *
         * @throws NullPointerException if an argument is null
         */
        public CodeRefused {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(refusal, "refusal");
        }
    }

    /**
     * A failure locked the account.
     *
     * @param accountId the account
     * @param at when
     * @param until until when; empty at the hard cap (TOTP codes refused until unlock, reset or recovery)
     * @param consecutiveFailures the failures in a row
     */
    record LockedOut(String accountId, Instant at, Optional<Instant> until, int consecutiveFailures)
            implements EnrollmentEvent {
        /**
         * Validates.
         *
         * @throws NullPointerException if an argument is null
         */
        public LockedOut {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(until, "until");
        }
    }

    /**
     * A recovery code was used.
     *
     * @param accountId the account
     * @param at when
     * @param remaining the unused recovery codes left
     */
    record RecoveryCodeUsed(String accountId, Instant at, int remaining) implements EnrollmentEvent {
        /**
         * Validates.
         *
         * @throws NullPointerException if an argument is null
         */
        public RecoveryCodeUsed {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The user disabled MFA, proving possession.
     *
     * @param accountId the account
     * @param at when
     * @param withRecoveryCode true if the proof was a recovery code, false if a TOTP code
     */
    record Disabled(String accountId, Instant at, boolean withRecoveryCode) implements EnrollmentEvent {
        /**
         * Validates.
         *
         * @throws NullPointerException if an argument is null
         */
        public Disabled {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * Support staff removed the enrollment without proof ({@link Enrollments#reset(String)}).
     *
     * @param accountId the account
     * @param at when
     */
    record Reset(String accountId, Instant at) implements EnrollmentEvent {
        /**
         * Validates.
         *
         * @throws NullPointerException if an argument is null
         */
        public Reset {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * Support staff cleared the failure count and lockout ({@link Enrollments#unlock(String)}).
     *
     * @param accountId the account
     * @param at when
     */
    record Unlocked(String accountId, Instant at) implements EnrollmentEvent {
        /**
         * Validates.
         *
         * @throws NullPointerException if an argument is null
         */
        public Unlocked {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(at, "at");
        }
    }
}
