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
 * {@code WHERE} clause, and the store must read that as a lost race, never as an error or a second winner.
 */
class PostgresIsolationLevelRaceTest {
    static final int RACERS = 16;
    static final int ROUNDS = 50;

    static HikariDataSource pool(String isolation) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Databases.postgres().getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(RACERS);
        config.setMinimumIdle(RACERS);
        config.setTransactionIsolation(isolation);
        config.setPoolName("kairos-isolation-" + isolation);
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
            JdbcEnrollmentStore.create(pool).createSchemaIfMissing();
            // Counts the statements PostgreSQL failed, by SQLState (the pool already set the isolation level).
            int level = isolation.equals("TRANSACTION_READ_COMMITTED") ? Connection.TRANSACTION_READ_COMMITTED
                    : isolation.equals("TRANSACTION_REPEATABLE_READ") ? Connection.TRANSACTION_REPEATABLE_READ
                    : Connection.TRANSACTION_SERIALIZABLE;
            FaultyDataSource counting = new FaultyDataSource(pool, level);
            JdbcEnrollmentStore store = JdbcEnrollmentStore.builder(counting).dialect(JdbcDialect.POSTGRESQL).build();
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
            int serializationFailures = counting.calls("SQLState 40001");
            System.out.printf("%s: %d lost races surfaced as SQLState 40001%n", isolation, serializationFailures);
            if (level != Connection.TRANSACTION_READ_COMMITTED) {
                assertTrue(serializationFailures > 0, "the races reached PostgreSQL's 40001 path: " + counting.calls);
            } else {
                assertEquals(0, serializationFailures, "READ COMMITTED re-checks the WHERE clause instead");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static EnrollmentRecord withFailures(EnrollmentRecord r, int failures) {
        return new EnrollmentRecord(r.accountId(), r.label(), r.secret(), r.parameters(), r.state(), r.createdAt(),
                r.confirmedAt(), r.lastAcceptedStep(), failures, r.lockedUntil(), r.recoveryCodes(), r.version());
    }
}
