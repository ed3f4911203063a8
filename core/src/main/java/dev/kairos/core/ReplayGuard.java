package dev.kairos.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Remembers, per credential, the last accepted time step, so that no code is accepted twice (RFC 6238 §5.2:
 * "the verifier MUST NOT accept the second attempt of the OTP after the successful validation has been issued
 * for the first OTP").
 *
 * <p>The contract implementations must keep: {@link #tryAccept} accepts step T for credential C only if T is
 * greater than every step accepted before for C, and the check and the record are one atomic step, also between
 * threads (and, for a shared implementation, between servers). Of N concurrent calls with the same C and T,
 * exactly one returns true. Implementations are thread-safe.
 */
public interface ReplayGuard {

    /**
     * Atomically accepts a time step for a credential if it is later than every step accepted before for it, and
     * records it.
     *
     * @param credentialId identifies the secret (e.g. the account), not blank
     * @param timeStep the time step of a code that was found right
     * @return true if accepted and recorded; false if this step or a later one was accepted before
     */
    boolean tryAccept(String credentialId, long timeStep);

    /**
     * Returns a guard that keeps the last accepted step of each credential in this JVM's memory, for ever: one
     * entry of a {@code long} per credential ever accepted, updated without locks, so its memory grows with the
     * number of credentials seen since the JVM started (about 120 bytes each, account id included). A server with
     * many users should prefer {@link #inMemory(Clock, TotpParameters, SkewWindow)}, which forgets what can no
     * longer matter. For several servers, use a guard or an enrollment store shared between them.
     *
     * @return a new, empty guard
     */
    static ReplayGuard inMemory() {
        return InMemoryReplayGuard.unbounded();
    }

    /**
     * Returns an in-memory guard whose memory is bounded by the credentials active in the last
     * {@code back + ahead + 2} time steps. A step older than {@code now - back - ahead - 1} can never be accepted
     * again by a verifier with this window on this clock, so the guard drops a credential's entry once its last
     * accepted step is that old, and refuses such steps for a credential it does not hold (one step of slack covers
     * a step boundary between the verifier's reading of the clock and the guard's). Expired entries are
     * removed a slice at a time by the calls themselves (each of 64 shards at most once per time step), without a
     * global lock or a background thread; of N concurrent calls with the same credential and step exactly one is
     * accepted, also while entries are being removed.
     *
     * <p>Give it the verifier's own clock, window and TOTP parameters: the guard is right for every credential
     * whose codes use this period and epoch, and would forget too early for a longer period, a later epoch, a wider
     * window or a clock that is behind its own. Thread-safe.
     *
     * @param clock the verifier's clock
     * @param parameters the TOTP parameters of the credentials (only the period and epoch matter)
     * @param window the verifier's skew window
     * @return a new, empty guard
     * @throws NullPointerException if an argument is null
     */
    static ReplayGuard inMemory(Clock clock, TotpParameters parameters, SkewWindow window) {
        return InMemoryReplayGuard.bounded(clock, parameters, window);
    }

    /**
     * Returns how long a shared guard (one that forgets by expiry, e.g. on Redis or in a database table) must keep a
     * credential's last accepted step for a TOTP period and a verifier's skew window: {@code (back + ahead + 2) *
     * period}, the {@code back + ahead + 1} steps during which a code at or before the accepted step can still be
     * accepted, and one more for clock differences between servers. Keeping it longer is safe; shorter is not.
     *
     * @param period the TOTP period, 1 second to 1 day
     * @param window the verifier's skew window
     * @return the retention, e.g. 120 s for a period of 30 s and a window of one step back and one ahead
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the period is not 1 second to 1 day
     */
    static Duration retentionFor(Duration period, SkewWindow window) {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(window, "window");
        if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(TotpParameters.MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("period must be 1 second to 1 day, got " + period);
        }
        return period.multipliedBy(window.back() + window.ahead() + 2L);
    }
}
