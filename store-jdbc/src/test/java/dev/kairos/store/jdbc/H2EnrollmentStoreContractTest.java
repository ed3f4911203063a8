package dev.kairos.store.jdbc;

import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.tck.EnrollmentStoreContract;
import javax.sql.DataSource;

/** The store-spi contract kit, unchanged, against H2 (in memory, no pool: H2 connections are cheap). */
class H2EnrollmentStoreContractTest extends EnrollmentStoreContract {
    private static final DataSource H2 = Databases.h2("contract");

    @Override
    protected EnrollmentStore newStore() {
        JdbcEnrollmentStore store = JdbcEnrollmentStore.create(H2).createSchemaIfMissing();
        if (store.dialect() != JdbcDialect.H2) {
            throw new AssertionError("detected " + store.dialect());
        }
        return store;
    }
}
