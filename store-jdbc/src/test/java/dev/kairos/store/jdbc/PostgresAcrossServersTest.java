package dev.kairos.store.jdbc;

import dev.kairos.store.tck.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.kairos.core.Totp;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.mfa.Outcome;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.KeyRing;
import dev.kairos.mfa.LoginCheck;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.mfa.ThrottlingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two login servers, each with its own {@code Enrollments}, its own store and its own HikariCP pool, on one
 * PostgreSQL database: the replay guard and the failure counter hold across them, because the compare-and-set is
 * the database's.
 */
class PostgresAcrossServersTest {
    static final int THREADS_PER_SERVER = 32;
    static final int THREADS = 2 * THREADS_PER_SERVER;
    static final int ROUNDS = 200;

    static HikariDataSource poolA;
    static HikariDataSource poolB;
    static ExecutorService threads;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final KeyRing keys = KeyRing.of("k1", new byte[32]);

    @BeforeAll
    static void start() {
        poolA = Databases.postgresPool(THREADS_PER_SERVER);
        poolB = Databases.postgresPool(THREADS_PER_SERVER);
        JdbcEnrollmentStore.create(poolA).createSchemaIfMissing();
        threads = Executors.newFixedThreadPool(THREADS);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        poolA.close();
        poolB.close();
    }

    Enrollments server(HikariDataSource pool, int maxAttempts) {
        EnrollmentStore store = JdbcEnrollmentStore.create(pool);
        return Enrollments.builder(store).issuer("ACME Corp").clock(clock).sealWith(keys).maxAttempts(maxAttempts)
                .throttling(new ThrottlingPolicy(100, Duration.ofSeconds(1), Duration.ofSeconds(1), 100)).build();
    }

    static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
        CountDownLatch ready = new CountDownLatch(tasks.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> t : tasks) {
            futures.add(threads.submit(() -> {
                ready.countDown();
                go.await();
                return t.call();
            }));
        }
        ready.await();
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void sixtyFourThreadsOnTwoServersAcceptTheSameValidCodeExactlyOncePerRound() throws Exception {
        Enrollments a = server(poolA, 16);
        Enrollments b = server(poolB, 16);
        String alice = "alice-" + UUID.randomUUID();
        PendingEnrollment p = a.begin(alice, "alice@acme.test").pending().orElseThrow();
        Totp totp = Totp.of(p.secret(), p.parameters());
        assertTrue(b.confirm(alice, p.handle(), totp.codeAt(clock.instant())).isConfirmed());
        long started = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            clock.advance(p.parameters().period());
            String code = totp.codeAt(clock.instant());
            List<Callable<LoginCheck>> tasks = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Enrollments server = i % 2 == 0 ? a : b;
                tasks.add(() -> server.verify(alice, code));
            }
            List<LoginCheck> results = race(tasks);
            long accepted = results.stream().filter(LoginCheck::isAccepted).count();
            long replayed = results.stream().filter(r -> r instanceof Outcome.Replayed).count();
            assertEquals(1, accepted, "round " + round + ": " + results);
            assertEquals(THREADS - 1, replayed, "round " + round + ": " + results);
        }
        System.out.printf("%d rounds of %d racing verifies on 2 servers: %d ms%n", ROUNDS, THREADS,
                (System.nanoTime() - started) / 1_000_000);
        EnrollmentStore reader = JdbcEnrollmentStore.create(poolA);
        assertEquals(0, reader.find(alice).orElseThrow().consecutiveFailures());
        assertEquals(totp.timeStep(clock.instant()), reader.find(alice).orElseThrow().lastAcceptedStep());
    }

    @Test
    void sixtyFourConcurrentWrongCodesOnTwoServersCountExactlySixtyFourFailures() throws Exception {
        // 64 writers on one record: a thread may lose up to 63 compare-and-sets in a row.
        Enrollments a = server(poolA, THREADS + 1);
        Enrollments b = server(poolB, THREADS + 1);
        String bob = "bob-" + UUID.randomUUID();
        PendingEnrollment p = a.begin(bob, "bob@acme.test").pending().orElseThrow();
        Totp totp = Totp.of(p.secret(), p.parameters());
        assertTrue(a.confirm(bob, p.handle(), totp.codeAt(clock.instant())).isConfirmed());
        clock.advance(p.parameters().period());
        String right = totp.codeAt(clock.instant());
        String wrong = right.equals("000000") ? "000001" : "000000";
        List<Callable<LoginCheck>> tasks = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Enrollments server = i % 2 == 0 ? a : b;
            tasks.add(() -> server.verify(bob, wrong));
        }
        List<LoginCheck> results = race(tasks);

        EnrollmentStore reader = JdbcEnrollmentStore.create(poolB);
        assertEquals(THREADS, reader.find(bob).orElseThrow().consecutiveFailures(), "stored failure count");
        List<Integer> counts = new ArrayList<>();
        results.forEach(r -> counts.add(((Outcome.WrongCode) r).consecutiveFailures()));
        counts.sort(null);
        for (int i = 0; i < THREADS; i++) {
            assertEquals(i + 1, counts.get(i), "each failure saw its own count");
        }
        assertTrue(b.verify(bob, right).isAccepted());
        assertEquals(0, reader.find(bob).orElseThrow().consecutiveFailures());
    }
}
