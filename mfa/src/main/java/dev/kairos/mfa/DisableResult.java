package dev.kairos.mfa;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The answer of {@link Enrollments#disable(String, CharSequence)}. */
public sealed interface DisableResult permits DisableResult.Disabled, DisableResult.WrongCode,
        DisableResult.Malformed, DisableResult.Replayed, DisableResult.LockedOut, DisableResult.NotEnrolled {

    /**
     * Tells whether MFA was disabled.
     *
     * @return true for {@link Disabled} only
     */
    default boolean isDisabled() {
        return this instanceof Disabled;
    }

    /** The proof was right: the enrollment is deleted, the account no longer needs a code. */
    record Disabled() implements DisableResult {
    }

    /**
     * A well-formed code or recovery code that was wrong; counted as a failure.
     *
     * @param consecutiveFailures the failures in a row, this one included
     */
    record WrongCode(int consecutiveFailures) implements DisableResult {
    }

    /** Neither a code nor a recovery code: not checked and not counted. */
    record Malformed() implements DisableResult {
    }

    /** A right TOTP code whose time step was already used; not counted. */
    record Replayed() implements DisableResult {
    }

    /**
     * Locked out after too many failures: the proof was not checked, or was the failure that caused the lockout.
     *
     * @param until when proofs are checked again; empty if a TOTP code was given at the hard cap (a recovery code
     *     can still be used)
     */
    record LockedOut(Optional<Instant> until) implements DisableResult {
        /**
         * Validates.
         *
         * @throws NullPointerException if {@code until} is null
         */
        public LockedOut {
            Objects.requireNonNull(until, "until");
        }
    }

    /** The account has no active enrollment. */
    record NotEnrolled() implements DisableResult {
    }
}
