package dev.kairos.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.SkewWindow;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis replay guard on a real redis-server: ordering, expiry, races between threads and between JVMs. */
class RedisReplayGuardTest {
    static RedisServer server;
    static RedisClient client;
    static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
        client = RedisClient.create(server.uri());
        connection = client.connect();
    }

    @AfterAll
    static void stopRedis() {
        if (connection != null) {
            connection.close();
            client.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    final RedisReplayGuard guard = RedisReplayGuard.builder(connection).retention(Duration.ofMinutes(2)).build();

    static String newCredential() {
        return "cred-" + UUID.randomUUID();
    }

    @Test
    void acceptsOnlyAStepGreaterThanTheLastAccepted() {
        String c = newCredential();
        assertTrue(guard.tryAccept(c, 100));
        assertFalse(guard.tryAccept(c, 100), "the same step is a replay");
        assertFalse(guard.tryAccept(c, 99), "an earlier step too");
        assertTrue(guard.tryAccept(c, 101));
        assertTrue(guard.tryAccept(newCredential(), 100), "credentials are independent");
        assertTrue(guard.tryAccept(c, 1000), "a longer decimal is a greater step");
        assertFalse(guard.tryAccept(c, 999));
    }

    @Test
    void comparesStepsExactlyBeyondWhatALuaNumberHolds() {
        String c = newCredential();
        assertTrue(guard.tryAccept(c, 9_007_199_254_740_993L)); // 2^53 + 1: a double rounds it to 2^53
        assertFalse(guard.tryAccept(c, 9_007_199_254_740_992L));
        assertTrue(guard.tryAccept(c, 9_007_199_254_740_994L));
        assertTrue(guard.tryAccept(c, Long.MAX_VALUE));
        assertFalse(guard.tryAccept(c, Long.MAX_VALUE));
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
        assertEquals(Duration.ofSeconds(120),
                RedisReplayGuard.retentionFor(Duration.ofSeconds(30), SkewWindow.of(1, 1)));
        assertEquals(Duration.ofSeconds(60), RedisReplayGuard.retentionFor(Duration.ofSeconds(30), SkewWindow.exact()));
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
                () -> RedisReplayGuard.retentionFor(Duration.ZERO, SkewWindow.exact()));
        String c = newCredential();
        connection.sync().set("kairos:replay:" + c, "garbage");
        RedisStoreException e = assertThrows(RedisStoreException.class, () -> guard.tryAccept(c, 1));
        assertFalse(e.outcomeUnknown());
    }

    @Test
    void ofThirtyTwoThreadsAcceptingTheSameStepExactlyOneWinsEveryRound() throws Exception {
        String c = newCredential();
        for (long step = 1; step <= 100; step++) {
            long s = step;
            AtomicInteger winners = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (guard.tryAccept(c, s)) {
                        winners.incrementAndGet();
                    }
                });
                t.start();
                threads.add(t);
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(1, winners.get(), "step " + step);
        }
    }

    @Test
    void twoJvmsRacingOnOneRedisAcceptEachCredentialsStepExactlyOnce() throws Exception {
        GuardRacer.raceAgainstSecondJvm(guard, "redis", Integer.toString(server.port()), 1000, 4);
    }
}
