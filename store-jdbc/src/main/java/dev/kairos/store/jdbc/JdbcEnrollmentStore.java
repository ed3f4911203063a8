package dev.kairos.store.jdbc;

import dev.kairos.core.HmacAlgorithm;
import dev.kairos.core.TotpParameters;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentState;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.SignInState;
import dev.kairos.store.SignInWrite;
import dev.kairos.store.StoredEnrollment;
import dev.kairos.store.SealedSecret;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * An {@link EnrollmentStore} on a JDBC {@link DataSource} (H2 or PostgreSQL), so that several login servers
 * sharing one database share the replay guard and the failure counter of every account.
 *
 * <pre>{@code
 * JdbcDataSource h2 = new JdbcDataSource();                  // org.h2.jdbcx: no pool needed for a demo
 * h2.setURL("jdbc:h2:file:./data/kairos;DB_CLOSE_ON_EXIT=FALSE");
 * EnrollmentStore store = JdbcEnrollmentStore.create(h2).createSchemaIfMissing();
 * Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").sealWith(keyRing).build();
 * }</pre>
 *
 * <h2>Layout: one row per account</h2>
 *
 * <p>Table {@code kairos_enrollment} (with an optional {@linkplain Builder#tablePrefix prefix}) holds one row per
 * account and every field of its {@link EnrollmentRecord} in its own column, documented column by column in the
 * schema scripts ({@link JdbcDialect#schemaScript()}):
 *
 * <table>
 *   <caption>Columns of kairos_enrollment</caption>
 *   <tr><th>column</th><th>record field</th></tr>
 *   <tr><td>account_id (primary key)</td><td>{@code accountId}, compared exactly</td></tr>
 *   <tr><td>label</td><td>{@code label}</td></tr>
 *   <tr><td>secret_key_id, secret_blob</td><td>{@code secret.keyId} ('' when unsealed), {@code secret.blob}</td></tr>
 *   <tr><td>algorithm, digits, period_seconds, epoch_seconds</td><td>{@code parameters}</td></tr>
 *   <tr><td>state</td><td>{@code state.name()}</td></tr>
 *   <tr><td>created_at, confirmed_at, locked_until</td><td>instants, {@code TIMESTAMP(3) WITH TIME ZONE};
 *       NULL for an empty optional</td></tr>
 *   <tr><td>last_accepted_step</td><td>{@code lastAcceptedStep}, -1 for none</td></tr>
 *   <tr><td>consecutive_failures</td><td>{@code consecutiveFailures}</td></tr>
 *   <tr><td>recovery_codes</td><td>{@code recoveryCodes}, encoded in one column (below)</td></tr>
 *   <tr><td>flags</td><td>{@code flags} (schema version 2)</td></tr>
 *   <tr><td>binding</td><td>{@code binding}, the service's opaque set-up binding; NULL when empty (schema
 *       version 3)</td></tr>
 *   <tr><td>budget_restored_at</td><td>{@code budgetRestoredAt}, an instant as above; NULL when empty (schema
 *       version 3)</td></tr>
 *   <tr><td>version</td><td>{@code version}, the compare-and-set version</td></tr>
 *   <tr><td>generation</td><td>the version of the row's last whole-record write ({@link StoredEnrollment}); NULL
 *       for a row written before schema version 4 by an older library (schema version 4)</td></tr>
 * </table>
 *
 * <p><b>Recovery codes live in one encoded column, not a child table.</b> Each code is {@code 'U'} (used) or
 * {@code 'A'} (available) followed by its opaque {@code encoded} hash, separated by spaces, in issue order (at most
 * 100 codes, 20,199 characters). This keeps every write a single statement on a single row: atomic by itself, with
 * no window in which a reader sees the new version with the old codes, no multi-statement transaction to lose
 * halfway, and one round trip per compare-and-set. A child table would need a transaction around
 * {@code UPDATE} + {@code DELETE} + {@code INSERT}s and a join or second query on every read, for codes that are
 * only ever read and written together with their record.
 *
 * <h2>Statements, isolation and the compare-and-set</h2>
 *
 * <p>Each of {@link #find}, {@link #insertIfAbsent}, {@link #replaceIfVersion} and {@link #deleteIfVersion} is one
 * statement in auto-commit mode on a connection from the data source: one round trip to the database, no explicit
 * transaction, no isolation query. A sign-in ({@link #replaceSignInIfVersion}) updates only the five sign-in columns:
 * on PostgreSQL one statement that also returns the row's sign-in columns and generation when it loses (a
 * data-modifying {@code WITH}), so the service's sign-in costs one round trip in the steady state; on H2 the
 * {@code UPDATE}, and after a lost race a {@code SELECT}. The compare-and-set
 * is the database's: {@code UPDATE ... WHERE account_id = ? AND version = ?} and
 * {@code DELETE ... WHERE account_id = ? AND version = ?} succeed when the update count is 1. The store leaves the
 * connection's isolation level as the pool set it:
 *
 * <ul>
 *   <li>at READ COMMITTED (the default of PostgreSQL and H2), a concurrent writer of the same row waits for the row
 *       lock and then re-evaluates the {@code WHERE} clause on the committed row, so of several writers expecting
 *       one version exactly one matches;</li>
 *   <li>at REPEATABLE READ or SERIALIZABLE, PostgreSQL fails the waiting writer with SQLState {@code 40001}
 *       ("could not serialize access due to concurrent update") and rolls its statement back; the store reads that
 *       (and {@code 40P01}, and H2's {@code 90131}) as a lost race: {@code false}, nothing written.</li>
 * </ul>
 *
 * <p>Insert-if-absent relies on the primary key: PostgreSQL runs {@code INSERT ... ON CONFLICT (account_id) DO
 * NOTHING}; H2 runs a plain {@code INSERT} and reads SQLState {@code 23505} (unique violation) as {@code false}.
 *
 * <p>A write is one row in one statement, so a connection lost at any point leaves the record fully old or fully
 * new. If the connection fails while a write statement may have reached the database, the store cannot tell which:
 * the {@link JdbcStoreException} then says {@link JdbcStoreException#outcomeUnknown() outcomeUnknown()}. It is
 * false when no connection could be had, or when the database answered with an error (nothing was written).
 *
 * <h2>Timestamps</h2>
 *
 * <p>Instants are written as {@code TIMESTAMP(3) WITH TIME ZONE} at UTC through {@link OffsetDateTime} (JDBC 4.2),
 * so no JVM or session time zone takes part. Records already truncate instants to milliseconds, so they come back
 * equal. The databases' ranges apply: PostgreSQL stores years 4713 BC to 294276 AD.
 *
 * <h2>Schema and upgrades</h2>
 *
 * <p>{@link #createSchemaIfMissing()} is opt-in: it runs the dialect's script ({@code CREATE TABLE IF NOT
 * EXISTS}), records schema version {@value #SCHEMA_VERSION} in {@code kairos_schema_version}, and refuses a
 * database whose schema is newer than this library. A database of an older schema version is upgraded there, in
 * one transaction, by the migration scripts beside the schema scripts ({@link JdbcDialect#migrationScript(int)};
 * version 1 to 2 adds the column {@code flags}, 2 to 3 the columns {@code binding} and {@code budget_restored_at},
 * 3 to 4 the column {@code generation}), each adding its row to {@code kairos_schema_version}; teams that
 * manage their schema with Flyway or Liquibase copy the scripts instead ({@link JdbcDialect#schemaResource()}).
 *
 * <p>Immutable and thread-safe; it holds no connection between calls. Errors of the database are thrown as
 * {@link JdbcStoreException} (unchecked, with the SQLState), never swallowed.
 */
public final class JdbcEnrollmentStore implements EnrollmentStore {

    /** The schema version this library writes and reads. */
    public static final int SCHEMA_VERSION = 4;
    /** The longest table prefix, in characters (PostgreSQL identifiers have at most 63 bytes). */
    public static final int MAX_TABLE_PREFIX_LENGTH = 32;

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final String COLUMNS = "account_id, label, secret_key_id, secret_blob, algorithm, digits, "
            + "period_seconds, epoch_seconds, state, created_at, confirmed_at, last_accepted_step, "
            + "consecutive_failures, locked_until, recovery_codes, flags, binding, budget_restored_at, version";
    /** PostgreSQL advisory lock key for schema creation: "kairos" in ASCII. */
    private static final long SCHEMA_LOCK_KEY = 0x6b6169726f73L;

    private final SqlRunner sql;
    private final JdbcDialect dialect;
    private final String tablePrefix;
    private final String table;
    private final String findSql;
    private final String insertSql;
    private final String replaceSql;
    private final String deleteSql;
    private final String signInSql;
    private final String signInStateSql;

    private JdbcEnrollmentStore(DataSource dataSource, JdbcDialect dialect, String tablePrefix) {
        this.dialect = dialect;
        this.tablePrefix = tablePrefix;
        this.table = tablePrefix + "kairos_enrollment";
        this.sql = new SqlRunner(dataSource, "kairos-store-jdbc", table);
        this.findSql = "SELECT " + COLUMNS + ", generation FROM " + table + " WHERE account_id = ?";
        String insert = "INSERT INTO " + table + " (" + COLUMNS + ", generation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        this.insertSql = dialect == JdbcDialect.POSTGRESQL ? insert + " ON CONFLICT (account_id) DO NOTHING" : insert;
        this.replaceSql = "UPDATE " + table + " SET label = ?, secret_key_id = ?, secret_blob = ?, algorithm = ?, "
                + "digits = ?, period_seconds = ?, epoch_seconds = ?, state = ?, created_at = ?, confirmed_at = ?, "
                + "last_accepted_step = ?, consecutive_failures = ?, locked_until = ?, recovery_codes = ?, "
                + "flags = ?, binding = ?, budget_restored_at = ?, version = ?, generation = ? "
                + "WHERE account_id = ? AND version = ?";
        String signInUpdate = "UPDATE " + table + " SET last_accepted_step = ?, consecutive_failures = ?, "
                + "locked_until = ?, budget_restored_at = ?, version = ? WHERE account_id = ? AND version = ?";
        this.signInStateSql = "SELECT last_accepted_step, consecutive_failures, locked_until, budget_restored_at, "
                + "version, generation FROM " + table + " WHERE account_id = ?";
        // PostgreSQL: the UPDATE and a read of the row in one statement. The read sees the snapshot the statement
        // started with, so after a lost race it shows the winner's row only if the winner had committed by then.
        this.signInSql = dialect == JdbcDialect.POSTGRESQL
                ? "WITH u AS (" + signInUpdate + " RETURNING 1) SELECT (SELECT count(*) FROM u) AS written, "
                        + "last_accepted_step, consecutive_failures, locked_until, budget_restored_at, version, "
                        + "generation FROM " + table + " WHERE account_id = ?"
                : signInUpdate;
        this.deleteSql = "DELETE FROM " + table + " WHERE account_id = ? AND version = ?";
    }

    /**
     * Creates a store on the default table names, detecting the dialect from the database (this opens and closes
     * one connection).
     *
     * @param dataSource where connections come from; a pool for servers, a plain data source is fine for a demo
     * @return the store; call {@link #createSchemaIfMissing()} if the tables may not exist yet
     * @throws NullPointerException if {@code dataSource} is null
     * @throws IllegalArgumentException if the database is neither H2 nor PostgreSQL
     * @throws JdbcStoreException if no connection could be opened to detect the dialect
     */
    public static JdbcEnrollmentStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /**
     * Starts a builder, for a table prefix or an explicit dialect.
     *
     * @param dataSource where connections come from
     * @return a new builder
     * @throws NullPointerException if {@code dataSource} is null
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Returns the dialect this store speaks.
     *
     * @return H2 or POSTGRESQL
     */
    public JdbcDialect dialect() {
        return dialect;
    }

    /**
     * Returns the name of the enrollment table, prefix included.
     *
     * @return e.g. {@code "kairos_enrollment"} or {@code "app1_kairos_enrollment"}
     */
    public String tableName() {
        return table;
    }

    /**
     * Creates the tables if they do not exist yet (the dialect's schema script, {@code CREATE TABLE IF NOT
     * EXISTS}, with this store's table prefix), records the schema version, and checks that the database's schema
     * is not newer than this library. Safe to call on every start, from several servers at once (on PostgreSQL it
     * holds an advisory lock while it runs).
     *
     * @return this store, for chaining
     * @throws JdbcStoreException if the database refused (e.g. no permission to create tables), or its schema
     *     version is newer than {@value #SCHEMA_VERSION}
     */
    public JdbcEnrollmentStore createSchemaIfMissing() {
        int found = sql.inTransaction("createSchemaIfMissing", c -> {
            try (Statement s = c.createStatement()) {
                if (dialect == JdbcDialect.POSTGRESQL) {
                    // CREATE TABLE IF NOT EXISTS races with itself on PostgreSQL (unique violation in pg_type);
                    // the transaction-scoped lock serializes concurrent starts.
                    s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK_KEY + ")");
                }
                for (String statement : SchemaScript.statements(dialect.schemaScript(), tablePrefix)) {
                    s.execute(statement);
                }
                int version = schemaVersion(s);
                // An older database: apply each migration in turn, in this same transaction.
                for (; version >= 1 && version < SCHEMA_VERSION; version = schemaVersion(s)) {
                    for (String statement : SchemaScript.statements(dialect.migrationScript(version), tablePrefix)) {
                        s.execute(statement);
                    }
                }
                return version;
            }
        });
        if (found > SCHEMA_VERSION) {
            throw new JdbcStoreException("the database's " + tablePrefix + "kairos_schema_version is " + found
                    + ", newer than the schema version " + SCHEMA_VERSION + " of this kairos-store-jdbc; "
                    + "upgrade the library", new IllegalStateException("schema version " + found));
        }
        return this;
    }

    private int schemaVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + tablePrefix + "kairos_schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws JdbcStoreException if the database failed, or the stored row is not a valid record
     */
    @Override
    public Optional<EnrollmentRecord> find(String accountId) {
        return findStored(accountId).map(StoredEnrollment::record);
    }

    /**
     * {@inheritDoc} One {@code SELECT}; a row written before schema version 4 reports its version as its generation.
     *
     * @throws JdbcStoreException if the database failed, or the stored row is not a valid record
     */
    @Override
    public Optional<StoredEnrollment> findStored(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        return sql.oneStatement("find", false, c -> {
            try (PreparedStatement ps = c.prepareStatement(findSql)) {
                ps.setString(1, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<StoredEnrollment>empty();
                    }
                    EnrollmentRecord r = read(rs);
                    long generation = rs.getLong("generation");
                    boolean known = !rs.wasNull() && generation >= 1 && generation <= r.version();
                    return Optional.of(known ? new StoredEnrollment(r, generation) : StoredEnrollment.whole(r));
                }
            }
        });
    }

    /**
     * {@inheritDoc} Updates the five sign-in columns with {@code WHERE account_id = ? AND version = ?}. On PostgreSQL
     * the same statement reads the row's sign-in columns and generation, so a lost race answers
     * {@link SignInWrite.Lost} in one round trip (or {@link SignInWrite.Stale} when the winner committed while the
     * statement ran: its snapshot still shows the expected version); on H2 a lost race reads them with a second
     * statement.
     *
     * @throws JdbcStoreException if the database failed (nothing was written, unless
     *     {@link JdbcStoreException#outcomeUnknown()})
     */
    @Override
    public SignInWrite replaceSignInIfVersion(long expectedVersion, long generation, EnrollmentRecord record) {
        Objects.requireNonNull(record, "record");
        EnrollmentStore.checkNextVersion(expectedVersion, record);
        return sql.oneStatement("replaceSignInIfVersion", true, c -> {
            try (PreparedStatement ps = c.prepareStatement(signInSql)) {
                int i = 1;
                ps.setLong(i++, record.lastAcceptedStep());
                ps.setInt(i++, record.consecutiveFailures());
                setInstant(ps, i++, record.lockedUntil());
                setInstant(ps, i++, record.budgetRestoredAt());
                ps.setLong(i++, record.version());
                ps.setString(i++, record.accountId());
                ps.setLong(i++, expectedVersion);
                if (dialect != JdbcDialect.POSTGRESQL) {
                    if (ps.executeUpdate() == 1) {
                        return new SignInWrite.Written();
                    }
                    try (PreparedStatement read = c.prepareStatement(signInStateSql)) {
                        read.setString(1, record.accountId());
                        try (ResultSet rs = read.executeQuery()) {
                            return lost(rs, false, expectedVersion, generation);
                        }
                    }
                }
                ps.setString(i, record.accountId());
                try (ResultSet rs = ps.executeQuery()) {
                    return lost(rs, true, expectedVersion, generation);
                }
            } catch (SQLException e) {
                if (SqlRunner.lostRace(e)) {
                    return new SignInWrite.Stale();
                }
                throw e;
            }
        });
    }

    /**
     * What a sign-in write's row says: written (PostgreSQL's count), or the stored sign-in state if it is of the
     * caller's generation and not the version the caller expected (a snapshot older than the winner), else stale.
     */
    private SignInWrite lost(ResultSet rs, boolean withCount, long expectedVersion, long generation)
            throws SQLException {
        if (!rs.next()) {
            return new SignInWrite.Stale();
        }
        if (withCount && rs.getLong("written") == 1) {
            return new SignInWrite.Written();
        }
        long stored = rs.getLong("generation");
        if (rs.wasNull() || stored != generation || rs.getLong("version") == expectedVersion) {
            return new SignInWrite.Stale();
        }
        try {
            return new SignInWrite.Lost(new SignInState(rs.getLong("last_accepted_step"),
                    rs.getInt("consecutive_failures"), getInstant(rs, "locked_until"),
                    getInstant(rs, "budget_restored_at"), rs.getLong("version")));
        } catch (IllegalArgumentException e) {
            throw new JdbcStoreException("replaceSignInIfVersion: the row of table " + table
                    + " is not a valid enrollment record: " + e.getMessage(), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws JdbcStoreException if the database failed (nothing was written, unless
     *     {@link JdbcStoreException#outcomeUnknown()})
     */
    @Override
    public boolean insertIfAbsent(EnrollmentRecord record) {
        Objects.requireNonNull(record, "record");
        return sql.oneStatement("insertIfAbsent", true, c -> {
            try (PreparedStatement ps = c.prepareStatement(insertSql)) {
                ps.setString(1, record.accountId());
                int i = bindFields(ps, 2, record);
                ps.setLong(i, record.version()); // generation: written whole
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                if (dialect == JdbcDialect.H2 && "23505".equals(e.getSQLState())) {
                    // Unique violation on the primary key: the account exists. Auto-commit rolled the statement back.
                    return false;
                }
                if (SqlRunner.lostRace(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * @throws JdbcStoreException if the database failed (nothing was written, unless
     *     {@link JdbcStoreException#outcomeUnknown()})
     */
    @Override
    public boolean replaceIfVersion(long expectedVersion, EnrollmentRecord record) {
        Objects.requireNonNull(record, "record");
        EnrollmentStore.checkNextVersion(expectedVersion, record);
        return sql.oneStatement("replaceIfVersion", true, c -> {
            try (PreparedStatement ps = c.prepareStatement(replaceSql)) {
                int i = bindFields(ps, 1, record);
                ps.setLong(i++, record.version()); // generation: written whole
                ps.setString(i++, record.accountId());
                ps.setLong(i, expectedVersion);
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                if (SqlRunner.lostRace(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * @throws JdbcStoreException if the database failed (nothing was deleted, unless
     *     {@link JdbcStoreException#outcomeUnknown()})
     */
    @Override
    public boolean deleteIfVersion(String accountId, long expectedVersion) {
        Objects.requireNonNull(accountId, "accountId");
        return sql.oneStatement("deleteIfVersion", true, c -> {
            try (PreparedStatement ps = c.prepareStatement(deleteSql)) {
                ps.setString(1, accountId);
                ps.setLong(2, expectedVersion);
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                if (SqlRunner.lostRace(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    /**
     * Describes the store: dialect and table, no connection details.
     *
     * @return e.g. {@code "JdbcEnrollmentStore[POSTGRESQL, table=kairos_enrollment]"}
     */
    @Override
    public String toString() {
        return "JdbcEnrollmentStore[" + dialect + ", table=" + table + "]";
    }

    // ---------------------------------------------------------------- mapping

    /** Binds every column but account_id, from {@code first} on; returns the next parameter index. */
    private static int bindFields(PreparedStatement ps, int first, EnrollmentRecord r) throws SQLException {
        int i = first;
        ps.setString(i++, r.label());
        ps.setString(i++, r.secret().keyId());
        ps.setBytes(i++, r.secret().blob());
        TotpParameters p = r.parameters();
        ps.setString(i++, p.algorithm().name());
        ps.setInt(i++, p.digits());
        ps.setLong(i++, p.periodSeconds());
        ps.setLong(i++, p.epoch().getEpochSecond());
        ps.setString(i++, r.state().name());
        setInstant(ps, i++, Optional.of(r.createdAt()));
        setInstant(ps, i++, r.confirmedAt());
        ps.setLong(i++, r.lastAcceptedStep());
        ps.setInt(i++, r.consecutiveFailures());
        setInstant(ps, i++, r.lockedUntil());
        ps.setString(i++, RecoveryCodesColumn.encode(r.recoveryCodes()));
        ps.setInt(i++, r.flags());
        ps.setString(i++, r.binding().orElse(null));
        setInstant(ps, i++, r.budgetRestoredAt());
        ps.setLong(i++, r.version());
        return i;
    }

    private static void setInstant(PreparedStatement ps, int index, Optional<Instant> instant) throws SQLException {
        if (instant.isPresent()) {
            ps.setObject(index, OffsetDateTime.ofInstant(instant.get(), ZoneOffset.UTC),
                    Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    private static Optional<Instant> getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }

    private EnrollmentRecord read(ResultSet rs) throws SQLException {
        String accountId = rs.getString("account_id");
        try {
            TotpParameters parameters = new TotpParameters(HmacAlgorithm.valueOf(rs.getString("algorithm")),
                    rs.getInt("digits"), Duration.ofSeconds(rs.getLong("period_seconds")),
                    Instant.ofEpochSecond(rs.getLong("epoch_seconds")));
            return new EnrollmentRecord(accountId, rs.getString("label"),
                    new SealedSecret(rs.getString("secret_key_id"), rs.getBytes("secret_blob")), parameters,
                    EnrollmentState.valueOf(rs.getString("state")),
                    getInstant(rs, "created_at").orElseThrow(() -> new IllegalArgumentException("created_at is NULL")),
                    getInstant(rs, "confirmed_at"), rs.getLong("last_accepted_step"),
                    rs.getInt("consecutive_failures"), getInstant(rs, "locked_until"),
                    RecoveryCodesColumn.decode(rs.getString("recovery_codes")), rs.getInt("flags"),
                    Optional.ofNullable(rs.getString("binding")), getInstant(rs, "budget_restored_at"),
                    rs.getLong("version"));
        } catch (IllegalArgumentException | NullPointerException e) {
            // The messages of the record's validation never contain the secret or a hash.
            throw new JdbcStoreException("find: the row of table " + table + " for account '" + accountId
                    + "' is not a valid enrollment record: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- builder

    /**
     * Builds a {@link JdbcEnrollmentStore} with a table prefix or an explicit dialect. Not thread-safe; the store
     * it builds is.
     */
    public static final class Builder {
        private final DataSource dataSource;
        private JdbcDialect dialect;
        private String tablePrefix = "";

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * Prefixes both table names, so that several applications (or tests) keep separate enrollments in one
         * database schema: {@code "app1_"} gives {@code app1_kairos_enrollment} and
         * {@code app1_kairos_schema_version}. The prefix is spliced into SQL, so it must be a plain identifier.
         *
         * @param prefix empty (the default), or up to 32 characters of {@code [A-Za-z0-9_]} starting with a letter;
         *     unquoted, so PostgreSQL folds it to lower case and H2 to upper case, consistently in every statement
         * @return this builder
         * @throws NullPointerException if {@code prefix} is null
         * @throws IllegalArgumentException if the prefix is not such an identifier
         */
        public Builder tablePrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.isEmpty() && (prefix.length() > MAX_TABLE_PREFIX_LENGTH || !PREFIX.matcher(prefix).matches())) {
                throw new IllegalArgumentException("table prefix must be empty or 1 to " + MAX_TABLE_PREFIX_LENGTH
                        + " characters of [A-Za-z0-9_] starting with a letter, got a prefix of " + prefix.length()
                        + " characters that is not");
            }
            this.tablePrefix = prefix;
            return this;
        }

        /**
         * Sets the dialect instead of detecting it from {@link java.sql.DatabaseMetaData#getDatabaseProductName()};
         * then {@link #build()} opens no connection.
         *
         * @param dialect the dialect
         * @return this builder
         * @throws NullPointerException if {@code dialect} is null
         */
        public Builder dialect(JdbcDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * Builds the store. Without an explicit {@link #dialect(JdbcDialect)}, opens one connection to detect it.
         *
         * @return the store
         * @throws IllegalArgumentException if the detected database is neither H2 nor PostgreSQL
         * @throws JdbcStoreException if the dialect had to be detected and no connection could be opened
         */
        public JdbcEnrollmentStore build() {
            JdbcDialect d = dialect;
            if (d == null) {
                String product;
                try (Connection c = dataSource.getConnection()) {
                    product = c.getMetaData().getDatabaseProductName();
                } catch (SQLException e) {
                    throw new JdbcStoreException("kairos-store-jdbc: could not detect the database dialect: SQLState "
                            + e.getSQLState() + JdbcStoreException.hint(e.getSQLState()) + ", vendor code "
                            + e.getErrorCode(), e, false);
                }
                d = JdbcDialect.fromProductName(product);
            }
            return new JdbcEnrollmentStore(dataSource, d, tablePrefix);
        }
    }
}
