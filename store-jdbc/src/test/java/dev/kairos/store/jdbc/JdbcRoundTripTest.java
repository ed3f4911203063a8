package dev.kairos.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.SignInState;
import dev.kairos.store.SignInWrite;
import dev.kairos.store.StoredEnrollment;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Counts the JDBC calls that reach the database (statements, commits, rollbacks, isolation queries) on a
 * verification's store calls. The service's sign-in in the steady state is one {@code replaceSignInIfVersion}: one
 * auto-commit statement (PostgreSQL: a data-modifying {@code WITH} that also reads the row; H2: an {@code UPDATE}).
 * On a cache miss it is a SELECT and that statement; after a lost race two of that statement on PostgreSQL (the first
 * returned the stored state), an UPDATE, a SELECT and an UPDATE on H2. Every other operation is a find and a whole-row
 * write. It calls the store directly rather than through the service, so it counts the store's statements only.
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

    static EnrollmentRecord signedIn(EnrollmentRecord r) {
        return r.withSignInState(new SignInState(r.lastAcceptedStep() + 1, 0, Optional.empty(), Optional.empty(),
                r.version() + 1));
    }

    static FaultyDataSource counting(JdbcDialect dialect) {
        DataSource db = dialect == JdbcDialect.H2 ? Databases.h2("roundtrip") : Databases.postgresUnpooled();
        JdbcEnrollmentStore.builder(db).dialect(dialect).build().createSchemaIfMissing();
        return new FaultyDataSource(db, Connection.TRANSACTION_READ_COMMITTED);
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void aSteadyStateSignInIsOneStatement(JdbcDialect dialect) {
        FaultyDataSource counting = counting(dialect);
        JdbcEnrollmentStore store = JdbcEnrollmentStore.builder(counting).dialect(dialect).build();
        EnrollmentRecord r = Records.active(Records.newAccountId("rt"), 5);
        assertTrue(store.insertIfAbsent(r));

        counting.resetCalls();
        EnrollmentRecord next = signedIn(r);
        assertEquals(new SignInWrite.Written(), store.replaceSignInIfVersion(5, 5, next));
        assertEquals(Map.of(dialect == JdbcDialect.POSTGRESQL ? "executeQuery" : "executeUpdate", 1),
                roundTrips(counting));
        assertEquals(Optional.of(new StoredEnrollment(next, 5)), store.findStored(r.accountId()));

        counting.resetCalls();
        StoredEnrollment read = store.findStored(r.accountId()).orElseThrow();
        assertEquals(new SignInWrite.Written(), store.replaceSignInIfVersion(6, read.generation(),
                signedIn(read.record())));
        assertEquals(dialect == JdbcDialect.POSTGRESQL ? Map.of("executeQuery", 2)
                : Map.of("executeQuery", 1, "executeUpdate", 1), roundTrips(counting), "a cache miss");
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void aLostSignInRaceReturnsTheStoredStateSoTheRetryNeedsNoFind(JdbcDialect dialect) {
        FaultyDataSource counting = counting(dialect);
        JdbcEnrollmentStore store = JdbcEnrollmentStore.builder(counting).dialect(dialect).build();
        EnrollmentRecord r = Records.active(Records.newAccountId("rt"), 5);
        assertTrue(store.insertIfAbsent(r));
        EnrollmentRecord elsewhere = signedIn(r);
        assertEquals(new SignInWrite.Written(), store.replaceSignInIfVersion(5, 5, elsewhere));

        counting.resetCalls();
        SignInWrite lost = store.replaceSignInIfVersion(5, 5, signedIn(r));
        assertEquals(new SignInWrite.Lost(elsewhere.signInState()), lost);
        EnrollmentRecord current = r.withSignInState(((SignInWrite.Lost) lost).current());
        assertEquals(new SignInWrite.Written(), store.replaceSignInIfVersion(6, 5, signedIn(current)));
        assertEquals(dialect == JdbcDialect.POSTGRESQL ? Map.of("executeQuery", 2)
                : Map.of("executeQuery", 1, "executeUpdate", 2), roundTrips(counting));
        assertEquals(new SignInWrite.Stale(), store.replaceSignInIfVersion(6, 4, signedIn(current)),
                "another generation: the caller must read");
    }

    @Test
    void aWholeRecordWriteIsOneSelectAndOneUpdateWithNoTransactionControl() {
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
