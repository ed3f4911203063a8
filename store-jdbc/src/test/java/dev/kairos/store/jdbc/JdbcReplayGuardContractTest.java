package dev.kairos.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.kairos.core.ReplayGuard;
import dev.kairos.store.tck.ReplayGuardContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The replay-guard kit against the JDBC guard: on H2, on PostgreSQL at its default isolation (READ COMMITTED), and at
 * SERIALIZABLE, where a lost race is a serialization failure the guard runs again.
 */
class JdbcReplayGuardContractTest {

    @Nested
    class OnH2 extends ReplayGuardContract {
        @Override
        protected ReplayGuard newGuard() {
            return JdbcReplayGuard.builder(Databases.h2("guard-kit")).retention(Duration.ofMinutes(5)).build()
                    .createSchemaIfMissing();
        }
    }

    @Nested
    class OnPostgresql extends ReplayGuardContract {
        private static HikariDataSource pool;

        @BeforeAll
        static void open() {
            pool = Databases.postgresPool(RACERS + 2);
        }

        @AfterAll
        static void close() {
            pool.close();
        }

        @Override
        protected ReplayGuard newGuard() {
            return JdbcReplayGuard.builder(pool).retention(Duration.ofMinutes(5)).build().createSchemaIfMissing();
        }
    }

    @Nested
    class OnPostgresqlAtSerializable extends ReplayGuardContract {
        private static HikariDataSource pool;

        @BeforeAll
        static void open() {
            pool = PostgresIsolationLevelRaceTest.pool("TRANSACTION_SERIALIZABLE", RACERS + 2);
        }

        @AfterAll
        static void close() {
            pool.close();
        }

        @Override
        protected ReplayGuard newGuard() {
            return JdbcReplayGuard.builder(pool).retention(Duration.ofMinutes(5)).build().createSchemaIfMissing();
        }
    }
}
