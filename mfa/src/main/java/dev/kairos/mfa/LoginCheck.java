package dev.kairos.mfa;

import java.time.Instant;
import java.util.Optional;

/**
 * The answer of {@link Enrollments#verify(String, CharSequence)} to a code typed at login. Switch over it:
 *
 * <pre>{@code
 * switch (mfa.verify(accountId, code)) {
 *     case LoginCheck.Accepted a -> signIn();
 *     case LoginCheck.WrongCode w -> retry("wrong code");
 *     case LoginCheck.Malformed m -> retry("enter the 6 digits from your app");
 *     case LoginCheck.Replayed r -> retry("that code was already used; wait for the next one");
 *     case LoginCheck.LockedOut l -> refuse(l.until());
 *     case LoginCheck.NotEnrolled n -> signIn(); // or force the set-up wizard
 * }
 * }</pre>
 */
public sealed interface LoginCheck permits LoginCheck.Accepted, LoginCheck.WrongCode, LoginCheck.Malformed,
        LoginCheck.Replayed, LoginCheck.LockedOut, LoginCheck.NotEnrolled {

    /**
     * Tells whether the code was accepted.
     *
     * @return true for {@link Accepted} only
     */
    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /**
     * The code was right and new; the failure count is back to 0.
     *
     * @param timeStep the time step the code belongs to, now recorded so it is never accepted again
     * @param drift how many steps the code lies from the server's current step (negative: older)
     */
    record Accepted(long timeStep, int drift) implements LoginCheck {
    }

    /**
     * The code was well formed but wrong; it was counted.
     *
     * @param consecutiveFailures the failures in a row, this one included
     */
    record WrongCode(int consecutiveFailures) implements LoginCheck {
    }

    /** Not a code (wrong length, not ASCII digits, null): not checked and not counted. */
    record Malformed() implements LoginCheck {
    }

    /** The code was right but its time step (or a later one) was already used (RFC 6238 §5.2); not counted. */
    record Replayed() implements LoginCheck {
    }

    /**
     * Too many wrong codes: the code was not checked (or, if this code was the failure that caused the lockout,
     * it was wrong).
     *
     * @param until when codes are checked again; empty if only an unlock, a reset or a recovery code lifts it
     */
    record LockedOut(Optional<Instant> until) implements LoginCheck {
        /**
         * Validates.
         *
         * @throws NullPointerException if {@code until} is null
         */
        public LockedOut {
            java.util.Objects.requireNonNull(until, "until");
        }
    }

    /** The account has no active enrollment (none, or only a pending one): no code is required. */
    record NotEnrolled() implements LoginCheck {
    }
}
