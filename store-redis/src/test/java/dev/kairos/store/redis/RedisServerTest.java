package dev.kairos.store.redis;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** Without redis-server the Redis tests skip on a workstation and fail under CI, never pass silently. */
class RedisServerTest {

    @Test
    void aMissingRedisServerFailsTheTestsUnderCi() {
        assertThrows(AssertionError.class, () -> RedisServer.skipOrFail("true"));
        assertThrows(AssertionError.class, () -> RedisServer.skipOrFail("1"));
    }

    @Test
    void aMissingRedisServerSkipsTheTestsOutsideCi() {
        assertThrows(TestAbortedException.class, () -> RedisServer.skipOrFail(null));
        assertThrows(TestAbortedException.class, () -> RedisServer.skipOrFail("false"));
    }
}
