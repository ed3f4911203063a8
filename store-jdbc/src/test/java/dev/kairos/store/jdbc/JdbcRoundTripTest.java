package dev.kairos.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Totp;
import dev.kairos.store.Enrollments;
import dev.kairos.store.KeyRing;
import dev.kairos.store.PendingEnrollment;
import dev.kairos.store.testkit.MutableClock;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Counts the JDBC calls that reach PostgreSQL (statements, commits, rollbacks, isolation queries) on a verification:
 * one auto-commit SELECT and one auto-commit UPDATE, two round trips, where the store used to send six (an isolation
 * query and BEGIN/COMMIT around each statement).
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
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").clock(clock)
                .sealWith(KeyRing.of("k1", new byte[32])).build();
        String id = Records.newAccountId("rt");
        PendingEnrollment p = mfa.begin(id, "dave@acme.test");
        Totp totp = Totp.of(p.secret(), p.parameters());
        assertTrue(mfa.confirm(id, totp.codeAt(clock.instant())).isConfirmed());
        clock.advance(p.parameters().period());

        counting.resetCalls();
        assertTrue(mfa.verify(id, totp.codeAt(clock.instant())).isAccepted());
        assertEquals(Map.of("executeQuery", 1, "executeUpdate", 1), roundTrips(counting));

        counting.resetCalls();
        store.find(id);
        assertEquals(Map.of("executeQuery", 1), roundTrips(counting), "find");
        counting.resetCalls();
        store.deleteIfVersion(id, 1);
        assertEquals(Map.of("executeUpdate", 1), roundTrips(counting), "deleteIfVersion");
        counting.resetCalls();
        store.insertIfAbsent(Records.active(Records.newAccountId("rt"), 1));
        assertEquals(Map.of("executeUpdate", 1), roundTrips(counting), "insertIfAbsent");
    }
}
