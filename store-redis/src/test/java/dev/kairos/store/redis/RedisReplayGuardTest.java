package dev.kairos.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.SkewWindow;
import dev.kairos.store.tck.ReplayGuardRace;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Redis replay guard on a real redis-server, beyond the kit ({@link RedisReplayGuardContractTest}): expiry, bad
 * arguments and stored values, a race between two JVMs.
 */
class RedisReplayGuardTest {
    final StatefulRedisConnection<String, String> connection = SharedRedis.standalone();

    final RedisReplayGuard guard = RedisReplayGuard.builder(connection).retention(Duration.ofMinutes(2)).build();

    static String newCredential() {
        return "cred-" + UUID.randomUUID();
    }

    @Test
    void keepsEachStepForTheRetentionAndForgetsItAfterwards() {
        String c = newCredential();
        assertTrue(guard.tryAccept(c, 5));
        long ttl = connection.sync().pttl("kairos:replay:" + c);
        assertTrue(ttl > 110_000 && ttl <= 120_000, "PTTL " + ttl);
        RedisReplayGuard brief = RedisReplayGuard.builder(connection).keyPrefix("brief:")
                .retention(Duration.ofMillis(150)).build();
        assertTrue(brief.tryAccept(c, 5));
        assertFalse(brief.tryAccept(c, 5));
        RedisServer.sleep(400);
        assertTrue(brief.tryAccept(c, 5), "expired: by then no code of step 5 is inside the window any more");
    }

    @Test
    void theRetentionForAWindowCoversEveryStepACodeCanStillBeAcceptedIn() {
        assertEquals(Duration.ofSeconds(120), RedisReplayGuard.builder(connection)
                .retentionFor(Duration.ofSeconds(30), SkewWindow.of(1, 1)).build().retention());
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsSent() {
        assertThrows(NullPointerException.class, () -> guard.tryAccept(null, 1));
        assertThrows(IllegalArgumentException.class, () -> guard.tryAccept(" ", 1));
        assertThrows(IllegalArgumentException.class, () -> guard.tryAccept("x".repeat(257), 1));
        assertThrows(IllegalArgumentException.class, () -> guard.tryAccept("alice", -1));
        assertThrows(IllegalStateException.class, () -> RedisReplayGuard.builder(connection).build(),
                "no silent default retention");
        assertThrows(IllegalArgumentException.class,
                () -> RedisReplayGuard.builder(connection).retention(Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> RedisReplayGuard.builder(connection).retentionFor(Duration.ZERO, SkewWindow.exact()));
        String c = newCredential();
        connection.sync().set("kairos:replay:" + c, "garbage");
        RedisStoreException e = assertThrows(RedisStoreException.class, () -> guard.tryAccept(c, 1));
        assertFalse(e.outcomeUnknown());
    }

    @Test
    void twoJvmsRacingOnOneRedisAcceptEachCredentialsStepExactlyOnce() throws Exception {
        ReplayGuardRace.againstSecondJvm(guard, RedisGuardFactory.class, "standalone:" + SharedRedis.standalonePort(), 1000, 4);
    }
}
