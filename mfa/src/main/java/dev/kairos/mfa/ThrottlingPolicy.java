package dev.kairos.mfa;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How wrong TOTP codes slow down a guesser. Consecutive wrong TOTP codes (at sign-in, confirmation or disable) are
 * counted per account in the store; a success (a right code or a recovery code) resets the count to 0. A malformed
 * code, a replayed code or a wrong recovery code is not counted: recovery codes have 79 bits, so they need no
 * throttle, and counting them would let an attacker close the real user's way in.
 *
 * <ul>
 *   <li>From the {@code threshold}-th consecutive failure on, the account is locked: first for
 *       {@code firstLockout}, then twice as long after each further failure, up to {@code maxLockout}. While
 *       locked, no code is checked at all (the answer is "locked out until ...").</li>
 *   <li>At {@code hardCap} consecutive failures (NIST SP 800-63B §5.2.2: at most 100), TOTP codes are refused
 *       until support staff {@link Enrollments#unlock(String, String) unlock} or {@link Enrollments#reset(String, String) reset}
 *       the account, or the user signs in with a recovery code. Recovery codes are checked during every lockout:
 *       they are the real user's way out.</li>
 * </ul>
 *
 * <p>With the defaults (5, 30 s, 1 h, 100), an attacker gets 5 free guesses, then waits 30 s, 1, 2, 4, 8, 16, 32
 * minutes, then an hour per guess: 34 guesses on a day without a successful sign-in, at most 48 on a day the real
 * user signs in (a success starts the ramp again), 3 codes of 10<sup>6</sup> matched per guess with a ±1 window;
 * with nobody signing in, the hard cap comes after 100 guesses in about 89 hours (SECURITY.md, tested by
 * {@code MonthOfAttackTest}). Immutable and thread-safe.
 *
 * @param threshold the consecutive failures at which lockouts start: 1 to {@code hardCap}
 * @param firstLockout the first lockout: 1 second or more
 * @param maxLockout the longest lockout: at least {@code firstLockout}, at most 30 days
 * @param hardCap the consecutive failures after which TOTP codes are refused until unlock, reset or recovery:
 *     {@code threshold} to 100
 */
public record ThrottlingPolicy(int threshold, Duration firstLockout, Duration maxLockout, int hardCap) {

    /** The largest hard cap: NIST SP 800-63B §5.2.2 allows at most 100 consecutive failed attempts. */
    public static final int MAX_HARD_CAP = 100;

    private static final ThrottlingPolicy DEFAULTS =
            new ThrottlingPolicy(5, Duration.ofSeconds(30), Duration.ofHours(1), MAX_HARD_CAP);

    /**
     * Validates the policy.
     *
     * @param threshold the consecutive failures at which lockouts start: 1 to {@code hardCap}
     * @param firstLockout the first lockout: 1 second or more
     * @param maxLockout the longest lockout: at least {@code firstLockout}, at most 30 days
     * @param hardCap the consecutive failures after which TOTP codes are refused until unlock, reset or recovery:
     *     {@code threshold} to 100
     * @throws NullPointerException if a duration is null
     * @throws IllegalArgumentException if a value is out of its range
     */
    public ThrottlingPolicy {
        Objects.requireNonNull(firstLockout, "firstLockout");
        Objects.requireNonNull(maxLockout, "maxLockout");
        if (hardCap < 1 || hardCap > MAX_HARD_CAP) {
            throw new IllegalArgumentException("hardCap must be from 1 to " + MAX_HARD_CAP + ", got " + hardCap);
        }
        if (threshold < 1 || threshold > hardCap) {
            throw new IllegalArgumentException("threshold must be from 1 to hardCap (" + hardCap + "), got "
                    + threshold);
        }
        if (firstLockout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("firstLockout must be at least 1 second, got " + firstLockout);
        }
        if (maxLockout.compareTo(firstLockout) < 0 || maxLockout.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("maxLockout must be from firstLockout (" + firstLockout
                    + ") to 30 days, got " + maxLockout);
        }
    }

    /**
     * Returns the defaults: threshold 5, first lockout 30 seconds, doubling up to 1 hour, hard cap 100.
     *
     * @return the default policy
     */
    public static ThrottlingPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * Returns how long the account is locked after a failure.
     *
     * @param consecutiveFailures the failures in a row, this one included
     * @return the lockout, or empty if below the threshold
     */
    public Optional<Duration> lockoutAfter(int consecutiveFailures) {
        if (consecutiveFailures < threshold) {
            return Optional.empty();
        }
        int doublings = consecutiveFailures - threshold;
        Duration d = firstLockout;
        for (int i = 0; i < doublings && d.compareTo(maxLockout) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return Optional.of(d.compareTo(maxLockout) > 0 ? maxLockout : d);
    }

    /**
     * Tells whether TOTP codes are refused until an unlock, a reset or a recovery code.
     *
     * @param consecutiveFailures the failures in a row
     * @return true at or above the hard cap
     */
    public boolean atHardCap(int consecutiveFailures) {
        return consecutiveFailures >= hardCap;
    }

    Optional<Instant> lockedUntil(int consecutiveFailures, Instant now) {
        return lockoutAfter(consecutiveFailures).map(now::plus);
    }
}
