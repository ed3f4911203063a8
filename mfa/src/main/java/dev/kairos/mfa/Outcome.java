package dev.kairos.mfa;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything an {@link Enrollments} operation can answer. Each operation returns its own sealed interface
 * ({@link LoginCheck}, {@link Confirmation}, {@link RecoveryResult}, {@link DisableResult}, {@link BeginResult},
 * {@link RegenerationResult}) so a caller handles
 * exactly the answers that operation can give; the refusals they share are one set of records, declared here, so a
 * host maps each refusal to a message once:
 *
 * <pre>{@code
 * String message(Outcome o) {
 *     if (o instanceof Outcome.WrongCode w) return "Wrong code (" + w.consecutiveFailures() + " in a row).";
 *     if (o instanceof Outcome.Malformed) return "Type the 6 digits your app shows.";
 *     if (o instanceof Outcome.Replayed) return "That code was already used; wait for the next one.";
 *     if (o instanceof Outcome.LockedOut.Until u) return "Too many wrong codes; try again after " + u.until() + ".";
 *     if (o instanceof Outcome.LockedOut.UntilUnlocked) return "Too many wrong codes; use a recovery code.";
 *     if (o instanceof Outcome.NotEnrolled) return "No authenticator app is set up for this account.";
 *     ...
 * }
 * }</pre>
 *
 * <p>A malformed, wrong, replayed or locked-out code is always one of these results, never an exception. Every
 * record is immutable and thread-safe, and none holds a secret or a code.
 */
public sealed interface Outcome permits LoginCheck, Confirmation, RecoveryResult, DisableResult, BeginResult,
        RegenerationResult {

    /**
     * Tells whether the operation did what was asked (accepted the code, began, confirmed, recovered, disabled or
     * regenerated). Every refusal answers false; each operation's success record overrides this.
     *
     * @return true for the success record of each operation, false for every refusal
     */
    default boolean succeeded() {
        return false;
    }

    /**
     * The code was well-formed but wrong. A wrong TOTP code (or imported recovery code) was counted: after enough
     * failures codes are locked out for a while (see {@link ThrottlingPolicy}). A wrong recovery code issued here is
     * not counted (79 bits need no throttle), and the answer then reports the count as it stands.
     *
     * @param consecutiveFailures counted wrong codes in a row now, this one included if it was counted
     */
    record WrongCode(int consecutiveFailures) implements LoginCheck, Confirmation, RecoveryResult, DisableResult,
            RegenerationResult {
        /**
         * Validates.
         *
         * @param consecutiveFailures counted wrong codes in a row now, this one included if it was counted
         * @throws IllegalArgumentException if {@code consecutiveFailures} is negative
         */
        public WrongCode {
            if (consecutiveFailures < 0) {
                throw new IllegalArgumentException("consecutiveFailures must be 0 or more, got " + consecutiveFailures);
            }
        }
    }

    /**
     * The input cannot be a code at all (wrong length, letters, empty, null). Not a guess: not counted, nothing
     * written, no HMAC computed.
     */
    record Malformed() implements LoginCheck, Confirmation, RecoveryResult, DisableResult, RegenerationResult {
    }

    /**
     * The code was right, but its time step (or a later one) was already accepted for this account: a code is
     * accepted once (RFC 6238 §5.2). Not counted as a failure.
     */
    record Replayed() implements LoginCheck, DisableResult, RegenerationResult {
    }

    /** The account has no active enrollment (none, or only a pending one): there is nothing to check against. */
    record NotEnrolled() implements LoginCheck, RecoveryResult, DisableResult, RegenerationResult {
    }

    /**
     * The set-up handle does not name the account's set-up in progress: that set-up was started over or replaced
     * after it expired, the handle belongs to another account, or it was never issued. Not a guess: not counted,
     * nothing written. Begin again (or re-show the set-up this session started, if it still has its handle).
     */
    record StaleHandle() implements Confirmation, BeginResult {
    }

    /**
     * TOTP codes are not checked now, after too many wrong ones in a row. Recovery codes issued here still are: a
     * lockout never closes that recovery path. Recovery codes imported from another system (low entropy, e.g.
     * 8 digits) are locked out with TOTP codes, which is the only way {@link RecoveryResult} is ever locked out.
     */
    sealed interface LockedOut extends LoginCheck, Confirmation, DisableResult, RecoveryResult,
            RegenerationResult {

        /**
         * Locked until an instant; codes are checked again from then on.
         *
         * @param until the end of the lockout
         */
        record Until(Instant until) implements LockedOut {
            /**
             * Validates.
             *
             * @param until the end of the lockout
             * @throws NullPointerException if {@code until} is null
             */
            public Until {
                Objects.requireNonNull(until, "until");
            }
        }

        /**
         * Locked until a recovery code is used or an administrator unlocks the account: the hard cap of
         * consecutive failures was reached (NIST SP 800-63B §5.2.2: at most 100).
         */
        record UntilUnlocked() implements LockedOut {
        }
    }
}
