package dev.kairos.mfa;

/**
 * What {@link Enrollments#recover} answers: {@link Recovered}, or {@link Outcome.WrongCode} (not counted for a
 * code issued here: it has at least 64 bits, so guessing needs no throttle, and an attacker's wrong guesses must
 * not close the real user's way in; the answer reports the account's counted failures as they stand), {@link Outcome.Malformed} or {@link Outcome.NotEnrolled}; and only for codes
 * imported from another system, which have that system's lower entropy, a counted {@link Outcome.WrongCode} and
 * {@link Outcome.LockedOut} as for TOTP codes.
 */
public sealed interface RecoveryResult extends Outcome permits RecoveryResult.Recovered, Outcome.WrongCode,
        Outcome.Malformed, Outcome.NotEnrolled, Outcome.LockedOut {

    /**
     * The recovery code was right and unused: the user is signed in, the code is spent, TOTP failures and any
     * lockout are cleared. The host should tell the user (someone who knows the password may be trying codes)
     * and offer to set up a new app.
     *
     * @param remaining unused recovery codes left
     */
    record Recovered(int remaining) implements RecoveryResult {
        /**
         * Validates.
         *
         * @param remaining unused recovery codes left
         * @throws IllegalArgumentException if {@code remaining} is negative
         */
        public Recovered {
            if (remaining < 0) {
                throw new IllegalArgumentException("remaining must be 0 or more, got " + remaining);
            }
        }

        @Override
        public boolean succeeded() {
            return true;
        }
    }
}
