package dev.kairos.mfa;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The answer of {@link Enrollments#recover(String, CharSequence)} to a recovery code. */
public sealed interface RecoveryResult permits RecoveryResult.Recovered, RecoveryResult.WrongCode,
        RecoveryResult.Malformed, RecoveryResult.LockedOut, RecoveryResult.NotEnrolled {

    /**
     * Tells whether the recovery code was accepted.
     *
     * @return true for {@link Recovered} only
     */
    default boolean isRecovered() {
        return this instanceof Recovered;
    }

    /**
     * The code was right and unused; it is now used, the failure count is 0 and any lockout is lifted. MFA stays
     * active: a user who lost the phone should now disable MFA (with another recovery code) and enroll again.
     *
     * @param remaining the unused recovery codes left
     */
    record Recovered(int remaining) implements RecoveryResult {
    }

    /**
     * Well formed but not an unused recovery code of the account; counted as a failure.
     *
     * @param consecutiveFailures the failures in a row, this one included
     */
    record WrongCode(int consecutiveFailures) implements RecoveryResult {
    }

    /** Cannot be a recovery code (wrong length or characters): not checked and not counted. */
    record Malformed() implements RecoveryResult {
    }

    /**
     * Locked out after too many failures: the code was not checked, or was the failure that caused the lockout.
     *
     * @param until when recovery codes are checked again
     */
    record LockedOut(Optional<Instant> until) implements RecoveryResult {
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
    record NotEnrolled() implements RecoveryResult {
    }
}
