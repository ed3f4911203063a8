package dev.kairos.store.jdbc;

import static dev.kairos.store.jdbc.Records.active;
import static dev.kairos.store.jdbc.Records.newAccountId;
import static dev.kairos.store.jdbc.Records.pending;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.SignInState;
import dev.kairos.store.SignInWrite;
import dev.kairos.store.StoredEnrollment;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Table prefixes, the schema scripts, createSchemaIfMissing() and dialect detection, on H2 and PostgreSQL. */
class JdbcEnrollmentStoreSchemaTest {

    private static final List<String> COLUMNS = List.of("account_id", "label", "secret_key_id", "secret_blob",
            "algorithm", "digits", "period_seconds", "epoch_seconds", "state", "created_at", "confirmed_at",
            "last_accepted_step", "consecutive_failures", "locked_until", "recovery_codes", "version");

    /** A schema script as an older version shipped it, kept under src/test/resources/schema-vN/. */
    private static String oldSchema(String version, JdbcDialect dialect) throws java.io.IOException {
        try (var in = JdbcEnrollmentStoreSchemaTest.class.getResourceAsStream("/schema-" + version + "/schema-"
                + (dialect == JdbcDialect.H2 ? "h2" : "postgresql") + ".sql")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static DataSource database(JdbcDialect dialect) {
        return dialect == JdbcDialect.H2 ? Databases.h2("schema") : Databases.postgresUnpooled();
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void twoStoresWithDifferentTablePrefixesInOneDatabaseDoNotSeeEachOther(JdbcDialect dialect) {
        DataSource db = database(dialect);
        JdbcEnrollmentStore one = JdbcEnrollmentStore.builder(db).tablePrefix("app1_").build().createSchemaIfMissing();
        JdbcEnrollmentStore two = JdbcEnrollmentStore.builder(db).tablePrefix("App2_").build().createSchemaIfMissing();
        assertEquals("app1_kairos_enrollment", one.tableName());
        String id = newAccountId("shared-id");
        EnrollmentRecord r1 = pending(id, 1);
        EnrollmentRecord r2 = active(id, 5);
        assertTrue(one.insertIfAbsent(r1));
        assertEquals(Optional.empty(), two.find(id));
        assertTrue(two.insertIfAbsent(r2));
        assertEquals(Optional.of(r1), one.find(id));
        assertEquals(Optional.of(r2), two.find(id));
        assertFalse(one.replaceIfVersion(5, active(id, 6)), "version 5 exists only in the other table");
        assertTrue(one.deleteIfVersion(id, 1));
        assertEquals(Optional.of(r2), two.find(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1app", "_app", "app-1", "app 1", "app;DROP TABLE x;--", "app\"", "äpp",
        "a234567890123456789012345678901234"})
    void refusesATablePrefixThatIsNotAPlainIdentifier(String prefix) {
        JdbcEnrollmentStore.Builder b = JdbcEnrollmentStore.builder(Databases.h2("schema"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.tablePrefix(prefix));
        assertTrue(e.getMessage().contains("[A-Za-z0-9_]"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void createSchemaIfMissingIsIdempotentAndRecordsTheSchemaVersion(JdbcDialect dialect) throws SQLException {
        DataSource db = database(dialect);
        JdbcEnrollmentStore store = JdbcEnrollmentStore.builder(db).tablePrefix("idem_").build();
        store.createSchemaIfMissing();
        EnrollmentRecord r = active(newAccountId("kept"), 1);
        assertTrue(store.insertIfAbsent(r));
        store.createSchemaIfMissing();
        assertEquals(Optional.of(r), store.find(r.accountId()), "a second run keeps the data");
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM idem_kairos_schema_version")) {
            assertTrue(rs.next());
            assertEquals(JdbcEnrollmentStore.SCHEMA_VERSION, rs.getInt(1));
            assertFalse(rs.next(), "one row per schema version");
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void createSchemaIfMissingRefusesADatabaseWithANewerSchema(JdbcDialect dialect) throws SQLException {
        DataSource db = database(dialect);
        JdbcEnrollmentStore store = JdbcEnrollmentStore.builder(db).tablePrefix("newer_").build();
        store.createSchemaIfMissing();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO newer_kairos_schema_version (version, description, applied_at) "
                    + "VALUES (" + (JdbcEnrollmentStore.SCHEMA_VERSION + 1) + ", 'from the future', CURRENT_TIMESTAMP)");
        }
        JdbcStoreException e = assertThrows(JdbcStoreException.class, store::createSchemaIfMissing);
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void createSchemaIfMissingUpgradesASchemaOfVersionOneKeepingItsRowsAsFlagsZeroUnboundWithAWholeBudget(JdbcDialect dialect)
            throws Exception {
        DataSource db = database(dialect);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String statement : SchemaScript.statements(oldSchema("v1", dialect), "v1_")) {
                s.execute(statement);
            }
            String blob = dialect == JdbcDialect.H2 ? "X'01020304'" : "'\\x01020304'::bytea";
            s.executeUpdate("INSERT INTO v1_kairos_enrollment (account_id, label, secret_key_id, secret_blob, "
                    + "algorithm, digits, period_seconds, epoch_seconds, state, created_at, confirmed_at, "
                    + "last_accepted_step, consecutive_failures, locked_until, recovery_codes, version) VALUES "
                    + "('old-row', 'old@acme.test', '', " + blob + ", 'SHA1', 6, 30, 0, 'ACTIVE', CURRENT_TIMESTAMP, "
                    + "CURRENT_TIMESTAMP, 7, 0, NULL, '', 3)");
        }
        JdbcEnrollmentStore store = JdbcEnrollmentStore.builder(db).tablePrefix("v1_").build();
        store.createSchemaIfMissing();

        EnrollmentRecord old = store.find("old-row").orElseThrow();
        assertEquals(0, old.flags());
        assertEquals(7, old.lastAcceptedStep());
        assertEquals(Optional.empty(), old.binding(), "version 2 to 3: nothing bound");
        assertEquals(Optional.empty(), old.budgetRestoredAt(), "version 2 to 3: budget whole");
        EnrollmentRecord flagged = new EnrollmentRecord(old.accountId(), old.label(), old.secret(), old.parameters(),
                old.state(), old.createdAt(), old.confirmedAt(), old.lastAcceptedStep(), old.consecutiveFailures(),
                old.lockedUntil(), old.recoveryCodes(), EnrollmentRecord.LEGACY_SECRET | EnrollmentRecord.IMPORTED,
                Optional.of("v1.hbinding"), Optional.of(old.createdAt().plusSeconds(3600)), 4);
        assertTrue(store.replaceIfVersion(3, flagged));
        assertEquals(Optional.of(flagged), store.find("old-row"));
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM v1_kairos_schema_version ORDER BY version")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
            assertTrue(rs.next());
            assertEquals(2, rs.getInt(1));
            assertTrue(rs.next());
            assertEquals(3, rs.getInt(1));
            assertTrue(rs.next());
            assertEquals(4, rs.getInt(1));
            assertFalse(rs.next());
        }
        store.createSchemaIfMissing(); // idempotent after the upgrade too
        assertEquals(Optional.of(flagged), store.find("old-row"));
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void createSchemaIfMissingUpgradesASchemaOfVersionThreeGivingEachRowItsVersionAsGeneration(JdbcDialect dialect)
            throws Exception {
        DataSource db = database(dialect);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String statement : SchemaScript.statements(oldSchema("v3", dialect), "v3_")) {
                s.execute(statement);
            }
            String blob = dialect == JdbcDialect.H2 ? "X'01020304'" : "'\\x01020304'::bytea";
            s.executeUpdate("INSERT INTO v3_kairos_enrollment (account_id, label, secret_key_id, secret_blob, "
                    + "algorithm, digits, period_seconds, epoch_seconds, state, created_at, confirmed_at, "
                    + "last_accepted_step, consecutive_failures, locked_until, recovery_codes, flags, binding, "
                    + "budget_restored_at, version) VALUES ('old-row', 'old@acme.test', '', " + blob + ", 'SHA1', 6, "
                    + "30, 0, 'ACTIVE', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 7, 2, NULL, 'Apbkdf2$x', 0, NULL, "
                    + "CURRENT_TIMESTAMP, 3)");
        }
        JdbcEnrollmentStore store = JdbcEnrollmentStore.builder(db).tablePrefix("v3_").build();
        store.createSchemaIfMissing();

        StoredEnrollment old = store.findStored("old-row").orElseThrow();
        assertEquals(3, old.generation(), "version 3 to 4: the generation of a row is its version");
        assertEquals(2, old.record().consecutiveFailures());
        EnrollmentRecord signedIn = old.record().withSignInState(new SignInState(8, 0, Optional.empty(),
                old.record().budgetRestoredAt(), 4));
        assertEquals(new SignInWrite.Written(), store.replaceSignInIfVersion(3, 3, signedIn));
        assertEquals(Optional.of(new StoredEnrollment(signedIn, 3)), store.findStored("old-row"));
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version), COUNT(*) FROM v3_kairos_schema_version")) {
            assertTrue(rs.next());
            assertEquals(4, rs.getInt(1));
            assertEquals(2, rs.getInt(2), "the version-3 row and the migration's");
        }
        store.createSchemaIfMissing();
        assertEquals(Optional.of(new StoredEnrollment(signedIn, 3)), store.findStored("old-row"));
    }

    @Test
    void concurrentCreateSchemaIfMissingOnPostgresqlAllSucceed() throws Exception {
        DataSource db = Databases.postgresUnpooled();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<JdbcEnrollmentStore>> starts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<JdbcEnrollmentStore> start = () -> JdbcEnrollmentStore.builder(db).tablePrefix("race_")
                        .dialect(JdbcDialect.POSTGRESQL).build().createSchemaIfMissing();
                starts.add(pool.submit(start));
            }
            for (Future<JdbcEnrollmentStore> f : starts) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void detectsTheDialectFromTheDatabase(JdbcDialect dialect) {
        assertEquals(dialect, JdbcEnrollmentStore.create(database(dialect)).dialect());
    }

    @Test
    void anExplicitDialectOpensNoConnectionAndAnUnknownDatabaseIsRefused() {
        DataSource nowhere = new UrlDataSource("jdbc:nowhere:");
        assertEquals(JdbcDialect.POSTGRESQL,
                JdbcEnrollmentStore.builder(nowhere).dialect(JdbcDialect.POSTGRESQL).build().dialect());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcDialect.fromProductName("MySQL"));
        assertTrue(e.getMessage().contains("H2 and PostgreSQL"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void theSchemaScriptInTheJarDocumentsEveryColumnAndItsVersion(JdbcDialect dialect) {
        String script = dialect.schemaScript();
        assertTrue(dialect.schemaResource().startsWith("dev/kairos/store/jdbc/schema-"));
        assertTrue(script.startsWith("-- kairos-store-jdbc schema version " + JdbcEnrollmentStore.SCHEMA_VERSION));
        String all = script.toLowerCase(Locale.ROOT);
        String lower = all.substring(all.indexOf("create table if not exists kairos_enrollment"));
        for (String column : COLUMNS) {
            int at = lower.indexOf("\n    " + column + " ");
            assertTrue(at > 0, column + " is defined");
            String before = lower.substring(lower.lastIndexOf('\n', at - 1) + 1, at);
            assertTrue(before.strip().startsWith("--"), column + " has a comment line above it");
        }
    }

    @Test
    void toStringNamesDialectAndTableOnly() {
        JdbcEnrollmentStore store = JdbcEnrollmentStore.builder(Databases.h2("schema")).tablePrefix("t_").build();
        assertEquals("JdbcEnrollmentStore[H2, table=t_kairos_enrollment]", store.toString());
    }
}
