package dev.kairos.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.kairos.core.SkewWindow;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The JDBC replay guard on H2 and on a real PostgreSQL: ordering, expiry, races between threads and between JVMs. */
class JdbcReplayGuardTest {
    static HikariDataSource postgres;
    static final DataSource H2 = Databases.h2("guard");

    final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));

    /** A clock the test moves (kept here rather than borrowed from the test kit, which is moving modules). */
    static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
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

    @BeforeAll
    static void start() {
        postgres = Databases.postgresPool(34);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    JdbcReplayGuard guard(JdbcDialect dialect) {
        return JdbcReplayGuard.builder(dialect == JdbcDialect.H2 ? H2 : postgres).clock(clock)
                .retention(Duration.ofMinutes(2)).build().createSchemaIfMissing();
    }

    static String newCredential() {
        return "cred-" + UUID.randomUUID();
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void acceptsOnlyAStepGreaterThanTheLastAccepted(JdbcDialect dialect) {
        JdbcReplayGuard guard = guard(dialect);
        String c = newCredential();
        assertTrue(guard.tryAccept(c, 100));
        assertFalse(guard.tryAccept(c, 100), "the same step is a replay");
        assertFalse(guard.tryAccept(c, 99), "an earlier step too");
        assertTrue(guard.tryAccept(c, 101));
        assertTrue(guard.tryAccept(c.toUpperCase(java.util.Locale.ROOT), 100), "credentials are compared exactly");
        assertTrue(guard.tryAccept(c, Long.MAX_VALUE));
        assertFalse(guard.tryAccept(c, Long.MAX_VALUE));
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void purgeExpiredDeletesOnlyTheRowsPastTheirRetention(JdbcDialect dialect) {
        // A table of its own: the other tests' rows expire on other clocks.
        JdbcReplayGuard guard = JdbcReplayGuard.builder(dialect == JdbcDialect.H2 ? H2 : postgres).clock(clock)
                .tablePrefix("purge_").retention(Duration.ofMinutes(2)).build().createSchemaIfMissing();
        String old = newCredential();
        String recent = newCredential();
        assertTrue(guard.tryAccept(old, 7));
        clock.advance(Duration.ofSeconds(90));
        assertTrue(guard.tryAccept(recent, 7));
        clock.advance(Duration.ofSeconds(31)); // old: 121 s > 120 s retention; recent: 31 s
        assertEquals(1, guard.purgeExpired());
        assertTrue(guard.tryAccept(old, 7), "forgotten: by then no code of step 7 is inside the window any more");
        assertFalse(guard.tryAccept(recent, 7), "still remembered");
    }

    @Test
    void theRetentionForAWindowCoversEveryStepACodeCanStillBeAcceptedIn() {
        assertEquals(Duration.ofSeconds(120),
                JdbcReplayGuard.retentionFor(Duration.ofSeconds(30), SkewWindow.of(1, 1)));
        assertEquals(Duration.ofSeconds(120), JdbcReplayGuard.builder(H2).dialect(JdbcDialect.H2)
                .retentionFor(Duration.ofSeconds(30), SkewWindow.of(1, 1)).build().retention());
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsSent() {
        JdbcReplayGuard guard = guard(JdbcDialect.H2);
        assertThrows(NullPointerException.class, () -> guard.tryAccept(null, 1));
        assertThrows(IllegalArgumentException.class, () -> guard.tryAccept(" ", 1));
        assertThrows(IllegalArgumentException.class, () -> guard.tryAccept("x".repeat(257), 1));
        assertThrows(IllegalArgumentException.class, () -> guard.tryAccept("alice", -1));
        assertThrows(IllegalStateException.class, () -> JdbcReplayGuard.builder(H2).build(),
                "no silent default retention");
        assertThrows(IllegalArgumentException.class, () -> JdbcReplayGuard.builder(H2).retention(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> JdbcReplayGuard.builder(H2).tablePrefix("1x"));
        JdbcReplayGuard prefixed = JdbcReplayGuard.builder(H2).tablePrefix("app1_").retention(Duration.ofMinutes(1))
                .build().createSchemaIfMissing();
        assertEquals("app1_kairos_replay_guard", prefixed.tableName());
        String c = newCredential();
        assertTrue(guard.tryAccept(c, 1));
        assertTrue(prefixed.tryAccept(c, 1), "a prefix is a separate table");
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void ofThirtyTwoThreadsAcceptingTheSameStepExactlyOneWinsEveryRound(JdbcDialect dialect) throws Exception {
        JdbcReplayGuard guard = guard(dialect);
        raceSteps(guard, 30);
    }

    @Test
    void atSerializableIsolationALostRaceIsRunAgainAndStillExactlyOneWins() throws Exception {
        try (HikariDataSource serializable = PostgresIsolationLevelRaceTest.pool("TRANSACTION_SERIALIZABLE")) {
            JdbcReplayGuard guard = JdbcReplayGuard.builder(serializable).retention(Duration.ofMinutes(2)).build()
                    .createSchemaIfMissing();
            raceSteps(guard, 30);
        }
    }

    private static void raceSteps(JdbcReplayGuard guard, int rounds) throws InterruptedException {
        String c = newCredential();
        for (long step = 1; step <= rounds; step++) {
            long s = step;
            AtomicInteger winners = new AtomicInteger();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < PostgresIsolationLevelRaceTest.RACERS; i++) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        if (guard.tryAccept(c, s)) {
                            winners.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                });
                t.start();
                threads.add(t);
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(failures.isEmpty(), "step " + step + ": " + failures);
            assertEquals(1, winners.get(), "step " + step);
        }
    }

    @Test
    void twoJvmsRacingOnOnePostgresqlAcceptEachCredentialsStepExactlyOnce() throws Exception {
        int credentials = 500;
        int threads = 4;
        String prefix = "xproc-" + UUID.randomUUID() + "-";
        JdbcReplayGuard guard = guard(JdbcDialect.POSTGRESQL);
        GuardRacer.race(guard, "warmup-" + prefix, 200, threads, new CountDownLatch(0)); // as the other JVM does
        Process other = GuardRacer.spawn(Databases.postgres().getJdbcUrl("postgres", "postgres"), prefix,
                Integer.toString(credentials), Integer.toString(threads));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("READY", out.readLine(), "the second JVM started");
            CountDownLatch go = new CountDownLatch(1);
            List<Integer> mine = java.util.Collections.synchronizedList(new ArrayList<>());
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
            System.out.printf("two JVMs on PostgreSQL, %d credentials: %d accepted here, %d in the other JVM%n",
                    credentials, mine.size(), theirs.size());
        } finally {
            other.destroyForcibly();
        }
    }
}
