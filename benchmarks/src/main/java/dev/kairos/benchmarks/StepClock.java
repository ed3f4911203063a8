package dev.kairos.benchmarks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a benchmark moves by hand, one time step per call, so that every call can present a fresh right code. Not
 * thread-safe: one per benchmark thread. Reading it allocates nothing (the instants are built before).
 */
final class StepClock extends Clock {
    Instant now;

    StepClock(Instant now) {
        this.now = now;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public long millis() {
        return now.toEpochMilli();
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
