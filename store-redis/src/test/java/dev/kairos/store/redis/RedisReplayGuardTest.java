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
        int credentials = 1000;
        int threads = 4;
        String prefix = "xproc-" + UUID.randomUUID() + "-";
        GuardRacer.race(guard, "warmup-" + prefix, 300, threads, new CountDownLatch(0)); // as the other JVM does
        Process other = GuardRacer.spawn("redis", Integer.toString(server.port()), prefix,
                Integer.toString(credentials), Integer.toString(threads));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("READY", out.readLine(), "the second JVM started");
            CountDownLatch go = new CountDownLatch(1);
            List<Integer> mine = new ArrayList<>();
            Thread local = new Thread(() -> {
                try {
                    mine.addAll(GuardRacer.race(guard, prefix, credentials, threads, go));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            local.start();
            PrintStream in = new PrintStream(other.getOutputStream(), true, StandardCharsets.UTF_8);
            in.println("GO");
            go.countDown();
            List<Integer> theirs = new ArrayList<>();
            for (String line = out.readLine(); !"DONE".equals(line); line = out.readLine()) {
                if (line == null) {
                    throw new AssertionError("the second JVM ended without DONE");
                }
                theirs.add(Integer.parseInt(line.substring(2)));
            }
            local.join();
            assertTrue(other.waitFor(30, TimeUnit.SECONDS));
            Map<Integer, Integer> accepts = new HashMap<>();
            mine.forEach(i -> accepts.merge(i, 1, Integer::sum));
            theirs.forEach(i -> accepts.merge(i, 1, Integer::sum));
            for (int i = 0; i < credentials; i++) {
                assertEquals(1, accepts.getOrDefault(i, 0), "credential " + i + " accepted by this JVM "
                        + mine.contains(i) + ", by the other " + theirs.contains(i));
            }
            assertTrue(!mine.isEmpty() && !theirs.isEmpty(), "both JVMs won some: they raced concurrently");
            System.out.printf("two JVMs, %d credentials: %d accepted here, %d in the other JVM%n", credentials,
                    mine.size(), theirs.size());
        } finally {
            other.destroyForcibly();
        }
    }
}
