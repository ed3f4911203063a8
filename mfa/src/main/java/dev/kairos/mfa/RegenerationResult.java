package dev.kairos.mfa;

import java.util.List;

/**
 * What {@link Enrollments#regenerateRecoveryCodes} answers: {@link Regenerated} with the new codes to show once, or
 * one of the shared refusals {@link Outcome.WrongCode}, {@link Outcome.Malformed}, {@link Outcome.Replayed},
 * {@link Outcome.LockedOut} (for a TOTP code; a recovery code is checked even then) or {@link Outcome.NotEnrolled}.
 */
public sealed interface RegenerationResult extends Outcome permits RegenerationResult.Regenerated, Outcome.WrongCode,
        Outcome.Malformed, Outcome.Replayed, Outcome.LockedOut, Outcome.NotEnrolled {

    /**
     * A new set of recovery codes replaced the whole old set (every old code, used or not, stops working). Show them
     * now: only their hashes are stored.
     *
     * @param recoveryCodes the codes, formatted {@code XXXX-XXXX-XXXX-XXXX}
     */
    record Regenerated(List<String> recoveryCodes) implements RegenerationResult {
        /**
         * Copies the list.
         *
         * @param recoveryCodes the codes, formatted {@code XXXX-XXXX-XXXX-XXXX}
         * @throws NullPointerException if {@code recoveryCodes} is null
         */
        public Regenerated {
            recoveryCodes = List.copyOf(recoveryCodes);
        }

        @Override
        public boolean succeeded() {
            return true;
        }

        /**
         * Describes the result without the codes.
         *
         * @return e.g. {@code "Regenerated[10 recovery codes]"}
         */
        @Override
        public String toString() {
            return "Regenerated[" + recoveryCodes.size() + " recovery codes]";
        }
    }
}
