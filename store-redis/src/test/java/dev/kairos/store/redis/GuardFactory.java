package dev.kairos.store.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;

/** Builds the guard the second process races with. */
final class GuardFactory {
    private GuardFactory() {
    }

    static AutoCloseable create(String kind, String where) {
        if (!kind.equals("redis")) {
            throw new IllegalArgumentException("unknown guard " + kind);
        }
        return RedisReplayGuard.builder(RedisURI.create("redis://127.0.0.1:" + where))
                .retention(Duration.ofMinutes(5)).build();
    }
}
