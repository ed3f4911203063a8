package dev.kairos.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.tck.EnrollmentStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store-spi contract kit, unchanged, against a real PostgreSQL 14 server through a HikariCP pool. */
class PostgresEnrollmentStoreContractTest extends EnrollmentStoreContract {
    private static HikariDataSource pool;

    @BeforeAll
    static void startPool() {
        pool = Databases.postgresPool(RACERS + 2);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Override
    protected EnrollmentStore newStore() {
        JdbcEnrollmentStore store = JdbcEnrollmentStore.create(pool).createSchemaIfMissing();
        if (store.dialect() != JdbcDialect.POSTGRESQL) {
            throw new AssertionError("detected " + store.dialect());
        }
        return store;
    }
}
