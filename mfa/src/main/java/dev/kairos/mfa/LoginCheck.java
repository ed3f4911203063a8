package dev.kairos.mfa;

/**
 * What {@link Enrollments#verify} answers: {@link Accepted}, or one of the shared refusals
 * {@link Outcome.WrongCode}, {@link Outcome.Malformed}, {@link Outcome.Replayed}, {@link Outcome.LockedOut} or
 * {@link Outcome.NotEnrolled}.
 *
 * <p>{@link Outcome.NotEnrolled} is not "passed": when the host requires MFA for the account, it must send the
 * user to set it up (see {@link Enrollments#signInStep}), never let them in.
 */
public sealed interface LoginCheck extends Outcome permits LoginCheck.Accepted, Outcome.WrongCode, Outcome.Malformed,
        Outcome.Replayed, Outcome.LockedOut, Outcome.NotEnrolled {

    /**
     * Tells whether the code was accepted.
     *
     * @return true only for {@link Accepted}
     */
    default boolean isAccepted() {
        return succeeded();
    }

    /**
     * The code is right and new: the second factor is proven.
     *
     * @param timeStep the time step the code belongs to, now recorded so it is never accepted again
     * @param drift the step's distance from the server's current step (negative: the app's clock is behind)
     */
    record Accepted(long timeStep, int drift) implements LoginCheck {
        @Override
        public boolean succeeded() {
            return true;
        }
    }
}
