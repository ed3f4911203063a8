package dev.kairos.mfa;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How wrong codes slow down a guesser: a ramp of lockouts, and a budget of wrong guesses per day that no sign-in
 * refills. Wrong TOTP codes (at sign-in, confirmation, disable or regeneration) and wrong recovery codes
 * <em>imported</em> from another system are counted per account in the store. A malformed code, a replayed code or
 * a wrong recovery code issued here is not counted: those codes have 79 bits, so they need no throttle, and counting
 * them would let an attacker close the real user's way in.
 *
 * <ul>
 *   <li><b>The ramp.</b> From the {@code threshold}-th consecutive failure on, TOTP codes are locked: first for
 *       {@code firstLockout}, then twice as long after each further failure, up to {@code maxLockout}. A success
 *       (a right code, a recovery code) ends the ramp's lockout and starts the ramp again.</li>
 *   <li><b>The budget</b> (a generic cell rate algorithm on one stored instant, {@code budgetRestoredAt}): each
 *       counted failure costs one {@link #guessInterval()} of budget ({@code 24 h / (guessesPerDay / 2)}), and at
 *       most {@code guessesPerDay / 2} of them can be spent ahead. When the budget is spent, codes are not checked
 *       until it has grown back by one interval (never longer than {@code maxLockout}). Nothing refills it: not a
 *       success, not a recovery sign-in, not a new {@code begin}; only time (and an administrator's
 *       {@link Enrollments#unlock unlock} or {@link Enrollments#reset reset}). So in any 24 hours at most
 *       {@code guessesPerDay} wrong guesses are checked per account, whatever the real user does.</li>
 *   <li><b>The hard cap.</b> At {@code hardCap} consecutive failures (NIST SP 800-63B §5.2.2: at most 100), TOTP
 *       codes are refused until support staff {@link Enrollments#unlock(String, String) unlock} or
 *       {@link Enrollments#reset(String, String) reset} the account, or the user signs in with a recovery code.</li>
 * </ul>
 *
 * <p>While locked, no code is checked at all (the answer is "locked out until ..."). Recovery codes issued here are
 * checked during every lockout: they are the real user's way out.
 *
 * <p>With the defaults (5, 30 s, 1 h, 100, 48): 5 free guesses, then 30 s, 1, 2, 4, 8, 16, 32 minutes, then an hour
 * per guess; at most 48 wrong guesses in any 24 hours whatever the real user does (an interval of 1 h, 24 ahead),
 * 3 codes of 10<sup>6</sup> matched per guess with a ±1 window: under 0.5 % in a month of continuous attack
 * (SECURITY.md, tested by {@code MonthOfAttackTest}). Immutable and thread-safe.
 *
 * @param threshold the consecutive failures at which lockouts start: 1 to {@code hardCap}
 * @param firstLockout the first lockout: 1 second or more
 * @param maxLockout the longest lockout: at least {@code firstLockout}, at most 30 days
 * @param hardCap the consecutive failures after which TOTP codes are refused until unlock, reset or recovery:
 *     {@code threshold} to 100
 * @param guessesPerDay the most wrong guesses checked per account in any 24 hours: even, at least
 *     {@code 2 × ceil(24 h / maxLockout)} (so that waiting for the budget is never longer than {@code maxLockout}),
 *     at most 100,000
 */
public record ThrottlingPolicy(int threshold, Duration firstLockout, Duration maxLockout, int hardCap,
        int guessesPerDay) {

    /** The largest hard cap: NIST SP 800-63B §5.2.2 allows at most 100 consecutive failed attempts. */
    public static final int MAX_HARD_CAP = 100;
    /** The largest {@link #guessesPerDay()}. */
    public static final int MAX_GUESSES_PER_DAY = 100_000;
    /** The default {@link #guessesPerDay()}, when {@code maxLockout} allows it. */
    public static final int DEFAULT_GUESSES_PER_DAY = 48;

    private static final Duration DAY = Duration.ofDays(1);

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
     * @param guessesPerDay the most wrong guesses checked per account in any 24 hours: even, from
     *     {@code 2 × ceil(24 h / maxLockout)} to 100,000
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
        int least = leastGuessesPerDay(maxLockout);
        if (guessesPerDay < least || guessesPerDay > MAX_GUESSES_PER_DAY || guessesPerDay % 2 != 0) {
            throw new IllegalArgumentException("guessesPerDay must be even and from " + least
                    + " (2 x ceil(24 h / maxLockout), so waiting for the budget never exceeds maxLockout) to "
                    + MAX_GUESSES_PER_DAY + ", got " + guessesPerDay);
        }
    }

    /**
     * Creates a policy with the default budget: {@value #DEFAULT_GUESSES_PER_DAY} wrong guesses a day, or more if
     * {@code maxLockout} is under 1 hour ({@code 2 × ceil(24 h / maxLockout)}). Validates as the canonical
     * constructor.
     *
     * @param threshold the consecutive failures at which lockouts start: 1 to {@code hardCap}
     * @param firstLockout the first lockout: 1 second or more
     * @param maxLockout the longest lockout: at least {@code firstLockout}, at most 30 days
     * @param hardCap the consecutive failures after which TOTP codes are refused: {@code threshold} to 100
     * @throws NullPointerException if a duration is null
     * @throws IllegalArgumentException if a value is out of its range
     */
    public ThrottlingPolicy(int threshold, Duration firstLockout, Duration maxLockout, int hardCap) {
        this(threshold, firstLockout, maxLockout, hardCap, Math.max(DEFAULT_GUESSES_PER_DAY,
                leastGuessesPerDay(Objects.requireNonNull(maxLockout, "maxLockout"))));
    }

    private static int leastGuessesPerDay(Duration maxLockout) {
        if (maxLockout.isZero() || maxLockout.isNegative()) {
            return 2; // refused by the range check of maxLockout
        }
        long perDay = (DAY.toMillis() + maxLockout.toMillis() - 1) / maxLockout.toMillis();
        return (int) Math.min(MAX_GUESSES_PER_DAY, 2 * perDay);
    }

    /**
     * Returns the defaults: threshold 5, first lockout 30 seconds, doubling up to 1 hour, hard cap 100, at most 48
     * wrong guesses in any 24 hours.
     *
     * @return the default policy
     */
    public static ThrottlingPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * Returns the budget one counted wrong guess costs: {@code 24 h / (guessesPerDay / 2)}, at most
     * {@code maxLockout}.
     *
     * @return the interval, e.g. 1 hour for the defaults
     */
    public Duration guessInterval() {
        return DAY.dividedBy(guessesPerDay / 2);
    }

    /**
     * Returns how long the account is locked after a failure, by the ramp alone (the budget may lock longer, up to
     * {@code maxLockout}).
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

    /** How far ahead of now the budget may be spent: {@code (guessesPerDay / 2 - 1)} intervals. */
    private Duration budgetAhead() {
        return guessInterval().multipliedBy(guessesPerDay / 2 - 1);
    }

    /** Until when the spent budget locks codes out (the past if it does not). */
    Optional<Instant> budgetLockedUntil(Optional<Instant> budgetRestoredAt) {
        return budgetRestoredAt.map(t -> t.minus(budgetAhead()));
    }

    /** The budget after one more counted wrong guess at {@code now}: one interval more spent. */
    Instant budgetAfterGuess(Optional<Instant> budgetRestoredAt, Instant now) {
        Instant from = budgetRestoredAt.filter(now::isBefore).orElse(now);
        return from.plus(guessInterval());
    }
}
