package dev.kairos.mfa;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Enrollments#confirm} answers: {@link Confirmed} with the recovery codes to show once,
 * {@link NotPending} when there is no pending enrollment to confirm (none, expired, or already active),
 * {@link Outcome.StaleHandle} when the handle does not name the set-up in progress (started over, replaced after it
 * expired, another account's, forged: not counted), or one of the shared refusals {@link Outcome.WrongCode},
 * {@link Outcome.Malformed} or {@link Outcome.LockedOut}.
 */
public sealed interface Confirmation extends Outcome permits Confirmation.Confirmed, Confirmation.NotPending,
        Outcome.StaleHandle, Outcome.WrongCode, Outcome.Malformed, Outcome.LockedOut {

    /**
     * Tells whether MFA is now active.
     *
     * @return true for {@link Confirmed} only
     */
    default boolean isConfirmed() {
        return succeeded();
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
     * @param recoveryCodes the codes, formatted {@code XXXX-XXXX-XXXX-XXXX}
     */
    record Confirmed(List<String> recoveryCodes) implements Confirmation {
        /**
         * Copies the list.
         *
         * @param recoveryCodes the codes, formatted {@code XXXX-XXXX-XXXX-XXXX}
         * @throws NullPointerException if {@code recoveryCodes} is null
         */
        public Confirmed {
            recoveryCodes = List.copyOf(recoveryCodes);
        }

        @Override
        public boolean succeeded() {
            return true;
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
     * There is no pending enrollment to confirm: none was begun, it expired (begin again), or MFA is already active
     * (a second submission of the confirmation form, for instance).
     *
     * @param status the account's status now: {@link EnrollmentStatus#NOT_ENROLLED} or
     *     {@link EnrollmentStatus#ACTIVE}
     */
    record NotPending(EnrollmentStatus status) implements Confirmation {
        /**
         * Validates.
         *
         * @param status the account's status now: {@link EnrollmentStatus#NOT_ENROLLED} or
         *     {@link EnrollmentStatus#ACTIVE}
         * @throws NullPointerException if {@code status} is null
         */
        public NotPending {
            Objects.requireNonNull(status, "status");
        }
    }
}
