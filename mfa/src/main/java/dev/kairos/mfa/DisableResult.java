package dev.kairos.mfa;

/**
 * What {@link Enrollments#disable} answers: {@link Disabled}, or {@link Outcome.WrongCode},
 * {@link Outcome.Malformed}, {@link Outcome.Replayed}, {@link Outcome.LockedOut} (for a TOTP code; a recovery code
 * is checked even then) or {@link Outcome.NotEnrolled}.
 */
public sealed interface DisableResult extends Outcome permits DisableResult.Disabled, Outcome.WrongCode,
        Outcome.Malformed, Outcome.Replayed, Outcome.LockedOut, Outcome.NotEnrolled {

    /** MFA is off for the account: its enrollment was deleted, and it can enroll again. */
    record Disabled() implements DisableResult {
        @Override
        public boolean succeeded() {
            return true;
        }
    }
}
