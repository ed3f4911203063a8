package dev.kairos.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.store.EnrollmentRecord;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Counts the JDBC calls that reach PostgreSQL (statements, commits, rollbacks, isolation queries) on a verification's
 * store calls (find, then replaceIfVersion): one auto-commit SELECT and one auto-commit UPDATE, two round trips, where
 * the store used to send six (an isolation query and BEGIN/COMMIT around each statement). It calls the store directly
 * rather than through the service, so it counts the store's statements only.
 */
class JdbcRoundTripTest {
    /** The calls on a PostgreSQL connection or statement that talk to the server. */
    static final List<String> ROUND_TRIPS = List.of("executeQuery", "executeUpdate", "execute", "commit",
            "rollback", "getTransactionIsolation", "setTransactionIsolation", "setSavepoint", "releaseSavepoint");

    static Map<String, Integer> roundTrips(FaultyDataSource ds) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String call : ROUND_TRIPS) {
            if (ds.calls(call) > 0) {
                counts.put(call, ds.calls(call));
            }
        }
        return counts;
    }

    @Test
    void aVerificationIsOneSelectAndOneUpdateWithNoTransactionControl() {
        JdbcEnrollmentStore.create(Databases.postgresUnpooled()).createSchemaIfMissing();
        FaultyDataSource counting = new FaultyDataSource(Databases.postgresUnpooled(),
                Connection.TRANSACTION_READ_COMMITTED);
        JdbcEnrollmentStore store = JdbcEnrollmentStore.builder(counting).dialect(JdbcDialect.POSTGRESQL).build();
        String id = Records.newAccountId("rt");
        assertTrue(store.insertIfAbsent(Records.active(id, 1)));

        // What the service does for a verification: read the record, write the next version if nobody else did.
        counting.resetCalls();
        EnrollmentRecord read = store.find(id).orElseThrow();
        assertTrue(store.replaceIfVersion(read.version(), Records.active(id, read.version() + 1)));
        assertEquals(Map.of("executeQuery", 1, "executeUpdate", 1), roundTrips(counting));

        counting.resetCalls();
        store.find(id);
        assertEquals(Map.of("executeQuery", 1), roundTrips(counting), "find");
        counting.resetCalls();
        store.deleteIfVersion(id, 2);
        assertEquals(Map.of("executeUpdate", 1), roundTrips(counting), "deleteIfVersion");
        counting.resetCalls();
        store.insertIfAbsent(Records.active(Records.newAccountId("rt"), 1));
        assertEquals(Map.of("executeUpdate", 1), roundTrips(counting), "insertIfAbsent");
    }
}
