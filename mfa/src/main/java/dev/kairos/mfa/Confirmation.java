package dev.kairos.mfa;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@link Enrollments#confirm(String, CharSequence)}: {@link Confirmed} with the recovery codes to
 * show once, or why not.
 */
public sealed interface Confirmation permits Confirmation.Confirmed, Confirmation.WrongCode,
        Confirmation.Malformed, Confirmation.Expired, Confirmation.LockedOut, Confirmation.NotPending {

    /**
     * Tells whether MFA is now active.
     *
     * @return true for {@link Confirmed} only
     */
    default boolean isConfirmed() {
        return this instanceof Confirmed;
    }

    /**
     * Returns the recovery codes to show the user once.
     *
     * @return the codes for {@link Confirmed}, an empty list otherwise
     */
    default List<String> recoveryCodes() {
        return List.of();
    }

    /**
     * MFA is active. The recovery codes are shown to the user now and never again (only their hashes are stored).
     *
     * @param recoveryCodes the codes, formatted {@code XXXX-XXXX-XXXX}
     */
    record Confirmed(List<String> recoveryCodes) implements Confirmation {
        /**
         * Copies the list.
         *
         * @throws NullPointerException if {@code recoveryCodes} is null
         */
        public Confirmed {
            recoveryCodes = List.copyOf(recoveryCodes);
        }

        /**
         * Describes the confirmation without the codes.
         *
         * @return e.g. {@code "Confirmed[10 recovery codes]"}
         */
        @Override
        public String toString() {
            return "Confirmed[" + recoveryCodes.size() + " recovery codes]";
        }
    }

    /**
     * The code was well formed but wrong; it was counted. The enrollment stays pending.
     *
     * @param consecutiveFailures the failures in a row, this one included
     */
    record WrongCode(int consecutiveFailures) implements Confirmation {
    }

    /** Not a code: not checked and not counted. */
    record Malformed() implements Confirmation {
    }

    /**
     * The pending enrollment is older than its lifetime: begin again.
     *
     * @param expiredAt when it expired
     */
    record Expired(Instant expiredAt) implements Confirmation {
        /**
         * Validates.
         *
         * @throws NullPointerException if {@code expiredAt} is null
         */
        public Expired {
            Objects.requireNonNull(expiredAt, "expiredAt");
        }
    }

    /**
     * Too many wrong codes: the code was not checked, or was the failure that caused the lockout.
     *
     * @param until when codes are checked again; empty if only a reset lifts it
     */
    record LockedOut(Optional<Instant> until) implements Confirmation {
        /**
         * Validates.
         *
         * @throws NullPointerException if {@code until} is null
         */
        public LockedOut {
            Objects.requireNonNull(until, "until");
        }
    }

    /**
     * There is nothing to confirm: no enrollment was begun, or it is already active (e.g. a second click).
     *
     * @param status the account's status: {@link EnrollmentStatus#NOT_ENROLLED} or {@link EnrollmentStatus#ACTIVE}
     */
    record NotPending(EnrollmentStatus status) implements Confirmation {
        /**
         * Validates.
         *
         * @throws NullPointerException if {@code status} is null
         */
        public NotPending {
            Objects.requireNonNull(status, "status");
        }
    }
}
