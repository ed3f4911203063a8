package dev.kairos.store.redis;

import dev.kairos.core.ReplayGuard;
import dev.kairos.store.tck.ReplayGuardContract;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/** The replay-guard kit against the Redis guard: on a standalone redis-server and on the Redis Cluster. */
class RedisReplayGuardContractTest {

    @Nested
    class Standalone extends ReplayGuardContract {
        @Override
        protected ReplayGuard newGuard() {
            return RedisReplayGuard.builder(SharedRedis.standalone()).retention(Duration.ofMinutes(5)).build();
        }
    }

    @Nested
    class Cluster extends ReplayGuardContract {
        @Override
        protected ReplayGuard newGuard() {
            return RedisReplayGuard.builder(SharedRedis.cluster()).retention(Duration.ofMinutes(5)).build();
        }
    }
}
