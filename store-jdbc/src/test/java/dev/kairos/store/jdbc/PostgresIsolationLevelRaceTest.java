package dev.kairos.store.jdbc;

import static dev.kairos.store.jdbc.Records.active;
import static dev.kairos.store.jdbc.Records.newAccountId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kairos.store.EnrollmentRecord;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever isolation level the pool hands connections out at, a lost compare-and-set race is {@code false}: at
 * REPEATABLE READ and SERIALIZABLE PostgreSQL fails the loser with SQLState 40001 instead of re-checking its
 * {@code WHERE} clause, and the store must read that as a lost race, never as an error or a second winner. One test
 * races freely (exactly one winner per round); the other queues every racer behind a winner's row lock, so that the
 * 40001 path is certainly taken.
 */
class PostgresIsolationLevelRaceTest {
    static final int RACERS = 16;
    static final int ROUNDS = 50;

    static HikariDataSource pool(String isolation) {
        return pool(isolation, RACERS);
    }

    static HikariDataSource pool(String isolation, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Databases.postgres().getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setTransactionIsolation(isolation);
        config.setPoolName("kairos-isolation-" + isolation + "-" + size);
        return new HikariDataSource(config);
    }

    static List<Boolean> race(ExecutorService threads, List<Callable<Boolean>> tasks) throws Exception {
        CountDownLatch ready = new CountDownLatch(tasks.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> futures = new ArrayList<>();
        for (Callable<Boolean> t : tasks) {
            futures.add(threads.submit(() -> {
                ready.countDown();
                go.await();
                return t.call();
            }));
        }
        ready.await();
        go.countDown();
        List<Boolean> results = new ArrayList<>();
        for (Future<Boolean> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS)); // an exception in any racer fails the test here
        }
        return results;
    }

    static long winners(List<Boolean> results) {
        return results.stream().filter(b -> b).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRANSACTION_READ_COMMITTED", "TRANSACTION_REPEATABLE_READ", "TRANSACTION_SERIALIZABLE"})
    void racingCompareAndSetsHaveExactlyOneWinnerPerRoundAndNoErrorAtEveryIsolationLevel(String isolation)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(RACERS);
        try (HikariDataSource pool = pool(isolation)) {
            JdbcEnrollmentStore store = JdbcEnrollmentStore.create(pool).createSchemaIfMissing();
            String id = newAccountId("iso");
            assertTrue(store.insertIfAbsent(active(id, 1)));
            for (int round = 1; round <= ROUNDS; round++) {
                long expected = round;
                List<EnrollmentRecord> candidates = new ArrayList<>();
                List<Callable<Boolean>> tasks = new ArrayList<>();
                for (int i = 0; i < RACERS; i++) {
                    EnrollmentRecord next = withFailures(active(id, expected + 1), i);
                    candidates.add(next);
                    tasks.add(() -> store.replaceIfVersion(expected, next));
                }
                List<Boolean> results = race(threads, tasks);
                assertEquals(1, winners(results), isolation + " round " + round + ": " + results);
                EnrollmentRecord winner = candidates.get(results.indexOf(Boolean.TRUE));
                assertEquals(Optional.of(winner), store.find(id), "the stored record is the winner's, whole");
            }

            String fresh = newAccountId("iso-insert");
            List<Callable<Boolean>> inserts = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                inserts.add(() -> store.insertIfAbsent(active(fresh, 7)));
            }
            assertEquals(1, winners(race(threads, inserts)), isolation + ": insertIfAbsent");

            List<Callable<Boolean>> deletes = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                deletes.add(() -> store.deleteIfVersion(fresh, 7));
            }
            assertEquals(1, winners(race(threads, deletes)), isolation + ": deleteIfVersion");
            assertEquals(Optional.empty(), store.find(fresh));
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRANSACTION_READ_COMMITTED", "TRANSACTION_REPEATABLE_READ", "TRANSACTION_SERIALIZABLE"})
    void writersQueuedBehindTheWinnersRowLockAllLoseWithoutAnErrorAtEveryIsolationLevel(String isolation)
            throws Exception {
        // Deterministic: a winner updates the row in an open transaction, every racer's UPDATE queues on its row
        // lock, then the winner commits. At READ COMMITTED the racers re-check the WHERE clause and match nothing; at
        // REPEATABLE READ and SERIALIZABLE PostgreSQL fails each with 40001. Either way: false, no exception.
        ExecutorService threads = Executors.newFixedThreadPool(RACERS);
        try (HikariDataSource pool = pool(isolation)) {
            JdbcEnrollmentStore.create(pool).createSchemaIfMissing();
            int level = isolation.equals("TRANSACTION_READ_COMMITTED") ? Connection.TRANSACTION_READ_COMMITTED
                    : isolation.equals("TRANSACTION_REPEATABLE_READ") ? Connection.TRANSACTION_REPEATABLE_READ
                    : Connection.TRANSACTION_SERIALIZABLE;
            FaultyDataSource counting = new FaultyDataSource(pool, level); // counts statement failures by SQLState
            JdbcEnrollmentStore store = JdbcEnrollmentStore.builder(counting).dialect(JdbcDialect.POSTGRESQL).build();
            String id = newAccountId("queued");
            assertTrue(store.insertIfAbsent(active(id, 1)));
            try (Connection winner = Databases.postgresUnpooled().getConnection();
                    Connection observer = Databases.postgresUnpooled().getConnection()) {
                winner.setAutoCommit(false);
                try (java.sql.PreparedStatement ps = winner.prepareStatement(
                        "UPDATE kairos_enrollment SET version = 2 WHERE account_id = ? AND version = 1")) {
                    ps.setString(1, id);
                    assertEquals(1, ps.executeUpdate());
                }
                List<Future<Boolean>> racers = new ArrayList<>();
                for (int i = 0; i < RACERS; i++) {
                    EnrollmentRecord next = withFailures(active(id, 2), i);
                    racers.add(threads.submit(() -> store.replaceIfVersion(1, next)));
                }
                awaitQueuedOnALock(observer, RACERS);
                winner.commit();
                for (Future<Boolean> racer : racers) {
                    assertEquals(Boolean.FALSE, racer.get(60, TimeUnit.SECONDS), isolation);
                }
            }
            int serializationFailures = counting.calls("SQLState 40001");
            assertEquals(level == Connection.TRANSACTION_READ_COMMITTED ? 0 : RACERS, serializationFailures,
                    isolation + ": lost races that surfaced as SQLState 40001, each read as false");
            assertEquals(2, store.find(id).orElseThrow().version());
        } finally {
            threads.shutdownNow();
        }
    }

    private static void awaitQueuedOnALock(Connection observer, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (java.sql.Statement s = observer.createStatement();
                    java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity "
                            + "WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE kairos_enrollment SET label%'")) {
                rs.next();
                if (rs.getInt(1) >= expected) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the racers did not all queue on the row lock within 30 s");
            }
            Thread.sleep(10);
        }
    }

    private static EnrollmentRecord withFailures(EnrollmentRecord r, int failures) {
        return new EnrollmentRecord(r.accountId(), r.label(), r.secret(), r.parameters(), r.state(), r.createdAt(),
                r.confirmedAt(), r.lastAcceptedStep(), failures, r.lockedUntil(), r.recoveryCodes(), r.version());
    }
}
