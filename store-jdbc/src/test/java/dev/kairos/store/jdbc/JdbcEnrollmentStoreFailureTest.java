package dev.kairos.store.jdbc;

import dev.kairos.store.tck.MutableClock;
import static dev.kairos.store.jdbc.Records.active;
import static dev.kairos.store.jdbc.Records.newAccountId;
import static dev.kairos.store.jdbc.Records.pending;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Totp;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.mfa.Outcome;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.KeyRing;
import dev.kairos.mfa.LoginCheck;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.store.jdbc.FaultyDataSource.Fault;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A connection lost at any moment leaves a record fully old or fully new; database errors surface as
 * {@link JdbcStoreException} with their SQLState, never as {@code false}, and a write whose reply may be lost says
 * {@code outcomeUnknown}; connections are always closed with auto-commit and isolation as they were handed out.
 * Each test runs on H2 and on PostgreSQL.
 */
class JdbcEnrollmentStoreFailureTest {

    private FaultyDataSource faulty;

    private JdbcEnrollmentStore store(JdbcDialect dialect) {
        DataSource real = dialect == JdbcDialect.H2 ? Databases.h2("failures") : Databases.postgresUnpooled();
        JdbcEnrollmentStore.create(real).createSchemaIfMissing();
        // Hand out connections at SERIALIZABLE to check the store leaves the pool's isolation alone.
        faulty = new FaultyDataSource(real, Connection.TRANSACTION_SERIALIZABLE);
        return JdbcEnrollmentStore.create(faulty);
    }

    @AfterEach
    void everyConnectionWasClosedAndRestored() {
        assertEquals(0, faulty.open.get(), "connections left open");
        if (faulty.isolationAtClose != 0) { // 0: the last connection was lost, nothing to restore
            assertTrue(faulty.autoCommitAtClose, "auto-commit restored");
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, faulty.isolationAtClose, "isolation restored");
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void aReplaceWhoseConnectionIsLostAsItsStatementIsSentLeavesTheOldRecordButCannotKnowIt(JdbcDialect dialect) {
        JdbcEnrollmentStore store = store(dialect);
        EnrollmentRecord old = pending(newAccountId("lost-stmt"), 1);
        assertTrue(store.insertIfAbsent(old));
        faulty.arm(Fault.BEFORE_STATEMENT, 1);
        JdbcStoreException e = assertThrows(JdbcStoreException.class,
                () -> store.replaceIfVersion(1, active(old.accountId(), 2)));
        assertEquals(Optional.of("08006"), e.sqlState());
        // A broken socket during executeUpdate looks the same whether or not the statement reached the database.
        assertTrue(e.outcomeUnknown(), "a lost auto-commit statement cannot know whether it was applied");
        assertEquals(Optional.of(old), store.find(old.accountId()));
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void aReplaceWhoseReplyIsLostLeavesTheWholeNewRecord(JdbcDialect dialect) {
        JdbcEnrollmentStore store = store(dialect);
        EnrollmentRecord old = pending(newAccountId("lost-after"), 1);
        EnrollmentRecord next = active(old.accountId(), 2);
        assertTrue(store.insertIfAbsent(old));
        faulty.arm(Fault.AFTER_STATEMENT, 1);
        JdbcStoreException e = assertThrows(JdbcStoreException.class, () -> store.replaceIfVersion(1, next));
        assertTrue(e.outcomeUnknown());
        assertEquals(Optional.of(next), store.find(old.accountId()));
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void aFindWhoseConnectionIsLostIsAnExceptionWhoseOutcomeIsKnown(JdbcDialect dialect) {
        JdbcEnrollmentStore store = store(dialect);
        EnrollmentRecord r = active(newAccountId("lost-find"), 1);
        assertTrue(store.insertIfAbsent(r));
        faulty.arm(Fault.AFTER_STATEMENT, 1);
        JdbcStoreException e = assertThrows(JdbcStoreException.class, () -> store.find(r.accountId()));
        assertFalse(e.outcomeUnknown(), "a read changes nothing");
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void anInsertOrDeleteLostBeforeItsStatementChangesNothing(JdbcDialect dialect) {
        JdbcEnrollmentStore store = store(dialect);
        String id = newAccountId("lost-insert");
        faulty.arm(Fault.BEFORE_STATEMENT, 1);
        assertThrows(JdbcStoreException.class, () -> store.insertIfAbsent(active(id, 1)));
        assertEquals(Optional.empty(), store.find(id));

        EnrollmentRecord r = active(id, 1);
        assertTrue(store.insertIfAbsent(r));
        faulty.arm(Fault.BEFORE_STATEMENT, 1);
        assertThrows(JdbcStoreException.class, () -> store.deleteIfVersion(id, 1));
        assertEquals(Optional.of(r), store.find(id));
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void aVerifyWhoseWriteIsLostDoesNotConsumeTheCodeAndOneWhoseReplyIsLostDid(JdbcDialect dialect) {
        JdbcEnrollmentStore store = store(dialect);
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").clock(clock)
                .sealWith(KeyRing.of("k1", new byte[32])).build();
        String id = newAccountId("verify");
        PendingEnrollment p = mfa.begin(id, "carol@acme.test").pending().orElseThrow();
        Totp totp = Totp.of(p.secret(), p.parameters());
        assertTrue(mfa.confirm(id, p.handle(), totp.codeAt(clock.instant())).isConfirmed());
        clock.advance(p.parameters().period());
        String code = totp.codeAt(clock.instant());
        EnrollmentRecord before = store.find(id).orElseThrow();

        // The confirmation left the record in the service's cache, so the verify is replaceSignInIfVersion alone
        // (statement 1): lose the connection before it. The failure empties the service's cache entry.
        faulty.arm(Fault.BEFORE_STATEMENT, 1);
        assertThrows(JdbcStoreException.class, () -> mfa.verify(id, code));
        assertEquals(before, store.find(id).orElseThrow(), "fully old");
        assertTrue(mfa.verify(id, code).isAccepted(), "the code was not consumed");

        clock.advance(p.parameters().period());
        String next = totp.codeAt(clock.instant());
        // The accepted verify left the record cached: the next verify is the write alone (statement 1).
        faulty.arm(Fault.AFTER_STATEMENT, 1);
        assertThrows(JdbcStoreException.class, () -> mfa.verify(id, next));
        EnrollmentRecord after = store.find(id).orElseThrow();
        assertEquals(totp.timeStep(clock.instant()), after.lastAcceptedStep(), "fully new");
        assertInstanceOf(Outcome.Replayed.class, mfa.verify(id, next));
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void aMissingTableIsAnExceptionWithItsSqlStateForEveryOperationNeverFalse(JdbcDialect dialect) {
        store(dialect);
        JdbcEnrollmentStore store = JdbcEnrollmentStore.builder(faulty).tablePrefix("missing_").build();
        String expected = dialect == JdbcDialect.H2 ? "42S02" : "42P01";
        EnrollmentRecord r = active(newAccountId("nowhere"), 1);
        for (Runnable op : new Runnable[] {() -> store.find(r.accountId()), () -> store.insertIfAbsent(r),
            () -> store.replaceIfVersion(1, r.withVersion(2)), () -> store.deleteIfVersion(r.accountId(), 1)}) {
            JdbcStoreException e = assertThrows(JdbcStoreException.class, op::run);
            assertEquals(Optional.of(expected), e.sqlState());
            assertFalse(e.outcomeUnknown());
            assertTrue(e.getMessage().contains("missing_kairos_enrollment"), e.getMessage());
            assertTrue(e.getMessage().contains("table not found"), e.getMessage());
            assertInstanceOf(SQLException.class, e.getCause());
            assertNoSecretIn(e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void aRowThatIsNotAValidRecordIsAnExceptionNotAnEmptyResult(JdbcDialect dialect) throws SQLException {
        JdbcEnrollmentStore store = store(dialect);
        EnrollmentRecord r = active(newAccountId("corrupt"), 1);
        assertTrue(store.insertIfAbsent(r));
        try (Connection c = faulty.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE kairos_enrollment SET recovery_codes = 'Xbroken' WHERE account_id = '"
                    + r.accountId() + "'");
        }
        JdbcStoreException e = assertThrows(JdbcStoreException.class, () -> store.find(r.accountId()));
        assertEquals(Optional.empty(), e.sqlState());
        assertTrue(e.getMessage().contains("recovery_codes"), e.getMessage());
        assertNoSecretIn(e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void anUnreachableDatabaseIsAnExceptionWithItsSqlState(JdbcDialect dialect) {
        store(dialect);
        DataSource down = new UrlDataSource("jdbc:unreachable:") {
            @Override
            public Connection getConnection() throws SQLException {
                throw new SQLException("connection refused", "08001");
            }
        };
        JdbcEnrollmentStore store = JdbcEnrollmentStore.builder(down).dialect(dialect).build();
        JdbcStoreException e = assertThrows(JdbcStoreException.class, () -> store.find("alice"));
        assertEquals(Optional.of("08001"), e.sqlState());
        assertFalse(assertThrows(JdbcStoreException.class, () -> store.replaceIfVersion(1, active("alice", 2)))
                .outcomeUnknown(), "no connection, so nothing was sent");
        assertTrue(e.getMessage().contains("connection failure"), e.getMessage());
        assertThrows(JdbcStoreException.class, () -> store.insertIfAbsent(pending("alice", 1)));
        assertThrows(JdbcStoreException.class, () -> JdbcEnrollmentStore.create(down));
    }

    private static void assertNoSecretIn(String message) {
        String hex = HexFormat.of().formatHex(Records.BLOB);
        assertFalse(message.toLowerCase(java.util.Locale.ROOT).contains(hex.substring(2)), message);
        assertFalse(message.contains("pbkdf2"), message);
    }
}
