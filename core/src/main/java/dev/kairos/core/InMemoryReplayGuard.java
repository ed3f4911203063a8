package dev.kairos.core;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@link ReplayGuard#inMemory()} and {@link ReplayGuard#inMemory(Clock, TotpParameters, SkewWindow)}: one
 * {@link AtomicLong} per credential, advanced by compare-and-set, in {@value #SHARDS} concurrent maps.
 *
 * <p><b>What can be forgotten.</b> A verifier with window {@code back}/{@code ahead} asks only about steps from
 * {@code now - back} to {@code now + ahead}. A credential whose last accepted step S is older than
 * {@code now - back - ahead - 1}, that is at or below the <em>horizon</em> {@code now - back - ahead - 2}, has a
 * record that decides nothing any more: every step the verifier can still ask about is above S. The extra step is
 * slack for a verifier that read the clock just before a step boundary and this guard just after it: its oldest
 * step, {@code now - back}, must stay above the horizon the guard computes a moment later, also with
 * {@code ahead = 0}. The bounded guard drops such records, so its memory follows the credentials active during the
 * last {@code back + ahead + 2} steps, not every credential ever seen.
 *
 * <p><b>Amortised, without a global lock.</b> Each call reads the clock's step; the first call to see a shard whose
 * last sweep is older than the current step (one compare-and-set decides who) walks that shard alone and removes its
 * expired records. So each shard is swept at most once per step, by a caller that landed in it, while every other
 * call proceeds (the maps are concurrent; there is no lock around a sweep). With 64 shards a sweep walks 1/64 of the
 * credentials: for 1 M credentials about 16 K entries once per 30 s per shard.
 *
 * <p><b>Exactly once, also while sweeping.</b> A sweep retires a record by compare-and-set from its old step to
 * {@link #RETIRED} and only then removes it from the map, so a concurrent call either advanced the record first (and
 * the sweep leaves it) or sees it retired and starts again on a fresh record. A fresh record starts at the horizon
 * of the moment it is created, never at "nothing accepted": any record removed before was at or below an earlier
 * horizon, so a replay of its steps is still refused (as long as the clock does not run backwards by more than the
 * window). Of N concurrent calls with the same credential and step, exactly one compare-and-set wins.
 */
final class InMemoryReplayGuard implements ReplayGuard {

    private static final int SHARD_BITS = 6;
    /** Number of shards, a power of two: the unit of one sweep. */
    static final int SHARDS = 1 << SHARD_BITS;

    /**
     * The value of a record a sweep took out; callers check for it before comparing steps. Not a step any call can
     * store: a fresh record starts above it (the unbounded guard's horizon is {@code Long.MIN_VALUE + 1}) and only a
     * greater step is stored. (It was {@code Long.MAX_VALUE}, which is also a step: a credential that accepted it
     * looked retired, and the same step was accepted again; ReplayGuardContract in store-tck caught it.)
     */
    private static final long RETIRED = Long.MIN_VALUE;

    /** Marks a shard that has never been swept. */
    private static final long NEVER = Long.MIN_VALUE;

    @SuppressWarnings("unchecked")
    private final ConcurrentHashMap<String, AtomicLong>[] shards = new ConcurrentHashMap[SHARDS];
    /** Per shard: the horizon its last sweep used. */
    private final AtomicLongArray sweptAt = new AtomicLongArray(SHARDS);

    /** Null for the unbounded guard. */
    private final Clock clock;
    private final long epochMillis;
    private final long periodMillis;
    /** back + ahead + 2: how many steps behind "now" the horizon is (see the class comment). */
    private final int retainedSteps;

    private InMemoryReplayGuard(Clock clock, long epochMillis, long periodMillis, int retainedSteps) {
        this.clock = clock;
        this.epochMillis = epochMillis;
        this.periodMillis = periodMillis;
        this.retainedSteps = retainedSteps;
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new ConcurrentHashMap<>();
            sweptAt.set(i, NEVER);
        }
    }

    /** The guard of the first release: keeps every credential it has seen. */
    static InMemoryReplayGuard unbounded() {
        return new InMemoryReplayGuard(null, 0, 1, 0);
    }

    /** A guard that forgets what the verifier of {@code window} on {@code clock} can no longer ask about. */
    static InMemoryReplayGuard bounded(Clock clock, TotpParameters parameters, SkewWindow window) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(window, "window");
        return new InMemoryReplayGuard(clock, parameters.epoch().toEpochMilli(), parameters.period().toMillis(),
                window.back() + window.ahead() + 2);
    }

    @Override
    public boolean tryAccept(String credentialId, long timeStep) {
        // The top bits of a multiplicative hash: each map indexes its buckets by the low bits of hashCode, so a
        // shard chosen by low bits would fill only 1/64 of its buckets and turn them into trees (48-byte nodes;
        // measured with ReplayGuardHeap: 138 instead of 122 bytes per credential).
        int shardIndex = (credentialId.hashCode() * 0x9E3779B9) >>> (32 - SHARD_BITS);
        ConcurrentHashMap<String, AtomicLong> shard = shards[shardIndex];
        long horizon = horizon();
        boolean accepted = accept(shard, credentialId, timeStep);
        if (clock != null && sweptAt.get(shardIndex) < horizon) {
            sweep(shardIndex, horizon);
        }
        return accepted;
    }

    private boolean accept(ConcurrentHashMap<String, AtomicLong> shard, String credentialId, long timeStep) {
        while (true) {
            AtomicLong last = shard.get(credentialId); // the common case: no lambda, no allocation
            if (last == null) {
                last = shard.computeIfAbsent(credentialId, id -> new AtomicLong(horizon()));
            }
            long previous = last.get();
            if (previous == RETIRED) {
                shard.remove(credentialId, last); // help the sweep, then start again on a fresh record
                continue;
            }
            if (timeStep <= previous) {
                return false;
            }
            if (last.compareAndSet(previous, timeStep)) {
                return true;
            }
        }
    }

    /** now - back - ahead - 2 in steps; for the unbounded guard, below every step (and above {@link #RETIRED}). */
    private long horizon() {
        if (clock == null) {
            return Long.MIN_VALUE + 1;
        }
        return Math.floorDiv(clock.millis() - epochMillis, periodMillis) - retainedSteps;
    }

    private void sweep(int shardIndex, long horizon) {
        long before = sweptAt.get(shardIndex);
        if (before >= horizon || !sweptAt.compareAndSet(shardIndex, before, horizon)) {
            return; // swept for this step already, or another caller is on it
        }
        ConcurrentHashMap<String, AtomicLong> shard = shards[shardIndex];
        shard.forEach((id, last) -> {
            long step = last.get();
            if (step <= horizon && step != RETIRED && last.compareAndSet(step, RETIRED)) {
                shard.remove(id, last);
            }
        });
    }

    /** Number of credentials held now (a sweep may be running). */
    long size() {
        long n = 0;
        for (ConcurrentHashMap<String, AtomicLong> shard : shards) {
            n += shard.size();
        }
        return n;
    }

    @Override
    public String toString() {
        return "ReplayGuard.inMemory[" + size() + " credentials"
                + (clock == null ? "" : ", forgets steps " + retainedSteps + " behind the clock") + "]";
    }
}
