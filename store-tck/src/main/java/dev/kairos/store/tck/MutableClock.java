package dev.kairos.store.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves by hand, for driving {@code Enrollments} through time steps, lockouts and expiries. It is
 * thread-safe (threads racing in a test all read the instant the test last set). Always in UTC.
 */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    /**
     * Creates the clock.
     *
     * @param start the instant it shows until moved
     */
    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(java.util.Objects.requireNonNull(start, "start"));
    }

    /**
     * Moves the clock.
     *
     * @param duration how far; negative moves it back
     */
    public void advance(Duration duration) {
        now.updateAndGet(i -> i.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
