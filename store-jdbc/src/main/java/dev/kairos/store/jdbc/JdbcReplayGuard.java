package dev.kairos.store.jdbc;

import dev.kairos.core.ReplayGuard;
import dev.kairos.core.SkewWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link ReplayGuard} on a JDBC {@link DataSource} (H2 or PostgreSQL), shared by every server that uses the core
 * engine ({@code TotpVerifier}) without an enrollment store: of N concurrent {@link #tryAccept} calls for one
 * credential and step, from any threads and servers on the database, exactly one returns true.
 *
 * <pre>{@code
 * JdbcReplayGuard guard = JdbcReplayGuard.builder(dataSource)
 *         .retentionFor(params.period(), SkewWindow.of(1, 1))
 *         .build().createSchemaIfMissing();
 * TotpVerifier verifier = TotpVerifier.builder().window(SkewWindow.of(1, 1)).replayGuard(guard).build();
 * // from a scheduled job, now and then:
 * guard.purgeExpired();
 * }</pre>
 *
 * <p><b>Table</b> {@code kairos_replay_guard} (with an optional prefix): {@code credential_id} (primary key),
 * {@code last_step}, {@code expires_at}; see {@link JdbcDialect#replayGuardSchemaScript()}. <b>One statement per
 * accept</b>, in auto-commit: on PostgreSQL {@code INSERT ... ON CONFLICT (credential_id) DO UPDATE SET ... WHERE
 * last_step < EXCLUDED.last_step}, accepted when the update count is 1 (one round trip); on H2 a conditional
 * {@code UPDATE ... WHERE credential_id = ? AND last_step < ?}, and for a credential without a row an {@code INSERT}
 * whose unique violation sends it back to the {@code UPDATE}. A concurrent accept of the same credential waits for the
 * row lock and re-checks the condition; at REPEATABLE READ or SERIALIZABLE it fails with SQLState 40001 instead, and
 * the guard runs the statement again (a fresh auto-commit statement sees the winner's row), at most
 * {@value #MAX_ATTEMPTS} times.
 *
 * <p><b>Expiry.</b> Each accept sets {@code expires_at} to now plus the retention; a stored step stops mattering once
 * no code for it or an earlier step can be accepted ({@code back + ahead + 1} periods after the accept, see
 * {@link ReplayGuard#retentionFor}). Expired rows still refuse steps up to theirs (harmless: such codes are out of the
 * window anyway) until {@link #purgeExpired()} deletes them.
 *
 * <p><b>Lost replies</b> throw a {@link JdbcStoreException} with {@code outcomeUnknown()}: the step may have been
 * recorded; never a second {@code true}.
 *
 * <p>Immutable and thread-safe; it holds no connection between calls.
 */
public final class JdbcReplayGuard implements ReplayGuard {

    /** The longest credential id, in characters (the column is {@code VARCHAR(256)}). */
    public static final int MAX_CREDENTIAL_ID_LENGTH = 256;
    /** How many times a statement that lost a serialization race (SQLState 40001) is run. */
    public static final int MAX_ATTEMPTS = 5;

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    /** PostgreSQL advisory lock key for schema creation: "kairosg" in ASCII. */
    private static final long SCHEMA_LOCK_KEY = 0x6b6169726f7367L;

    private final SqlRunner sql;
    private final JdbcDialect dialect;
    private final String tablePrefix;
    private final String table;
    private final Duration retention;
    private final Clock clock;
    private final String upsertSql;
    private final String updateSql;
    private final String insertSql;
    private final String purgeSql;

    private JdbcReplayGuard(DataSource dataSource, JdbcDialect dialect, String tablePrefix, Duration retention,
            Clock clock) {
        this.dialect = dialect;
        this.tablePrefix = tablePrefix;
        this.table = tablePrefix + "kairos_replay_guard";
        this.sql = new SqlRunner(dataSource, "kairos JdbcReplayGuard", table);
        this.retention = retention;
        this.clock = clock;
        this.upsertSql = "INSERT INTO " + table + " AS g (credential_id, last_step, expires_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (credential_id) DO UPDATE SET last_step = EXCLUDED.last_step, "
                + "expires_at = EXCLUDED.expires_at WHERE g.last_step < EXCLUDED.last_step";
        this.updateSql = "UPDATE " + table + " SET last_step = ?, expires_at = ? WHERE credential_id = ? "
                + "AND last_step < ?";
        this.insertSql = "INSERT INTO " + table + " (credential_id, last_step, expires_at) VALUES (?, ?, ?)";
        this.purgeSql = "DELETE FROM " + table + " WHERE expires_at < ?";
    }

    /**
     * Starts a builder; choosing a retention is required.
     *
     * @param dataSource where connections come from
     * @return a new builder
     * @throws NullPointerException if {@code dataSource} is null
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Creates the table and its expiry index if they do not exist ({@link JdbcDialect#replayGuardSchemaScript()},
     * with this guard's table prefix). Safe to call on every start, from several servers at once.
     *
     * @return this guard, for chaining
     * @throws JdbcStoreException if the database refused (e.g. no permission to create tables)
     */
    public JdbcReplayGuard createSchemaIfMissing() {
        sql.inTransaction("createSchemaIfMissing", c -> {
            try (Statement s = c.createStatement()) {
                if (dialect == JdbcDialect.POSTGRESQL) {
                    // CREATE ... IF NOT EXISTS races with itself on PostgreSQL; the lock serializes concurrent starts.
                    s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK_KEY + ")");
                }
                for (String statement : SchemaScript.statements(dialect.replayGuardSchemaScript(), tablePrefix)) {
                    s.execute(statement);
                }
                return null;
            }
        });
        return this;
    }

    /**
     * Accepts a time step for a credential if it is greater than the last one accepted, in one atomic statement (two
     * on H2 for a credential's first accept), and keeps it until now plus the retention.
     *
     * @param credentialId identifies the secret: 1 to 256 characters, not blank, compared exactly
     * @param timeStep the time step, 0 or more
     * @return true if accepted and recorded; false if this step or a later one was accepted before
     * @throws NullPointerException if {@code credentialId} is null
     * @throws IllegalArgumentException if {@code credentialId} is blank or too long, or {@code timeStep} is negative
     * @throws JdbcStoreException if the database failed; with {@code outcomeUnknown()} if the step may have been
     *     recorded
     */
    @Override
    public boolean tryAccept(String credentialId, long timeStep) {
        Objects.requireNonNull(credentialId, "credentialId");
        if (credentialId.isBlank() || credentialId.length() > MAX_CREDENTIAL_ID_LENGTH) {
            throw new IllegalArgumentException("credentialId must be 1 to " + MAX_CREDENTIAL_ID_LENGTH
                    + " characters and not blank, got " + credentialId.length() + " characters");
        }
        if (timeStep < 0) {
            throw new IllegalArgumentException("timeStep must be 0 or more, got " + timeStep);
        }
        OffsetDateTime expires = OffsetDateTime.ofInstant(clock.instant().plus(retention), ZoneOffset.UTC);
        for (int attempt = 1; ; attempt++) {
            Boolean accepted = sql.oneStatement("tryAccept", true, c -> {
                try {
                    return dialect == JdbcDialect.POSTGRESQL ? upsert(c, credentialId, timeStep, expires)
                            : updateOrInsert(c, credentialId, timeStep, expires);
                } catch (SQLException e) {
                    if (SqlRunner.lostRace(e)) {
                        return null; // rolled back: nothing recorded; run it again on a fresh snapshot
                    }
                    throw e;
                }
            });
            if (accepted != null) {
                return accepted;
            }
            if (attempt == MAX_ATTEMPTS) {
                throw sql.failure("tryAccept", "lost " + MAX_ATTEMPTS + " serialization races in a row",
                        new SQLException("could not serialize access", "40001"), false);
            }
        }
    }

    private boolean upsert(Connection c, String credentialId, long timeStep, OffsetDateTime expires)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(upsertSql)) {
            ps.setString(1, credentialId);
            ps.setLong(2, timeStep);
            ps.setObject(3, expires, Types.TIMESTAMP_WITH_TIMEZONE);
            return ps.executeUpdate() == 1;
        }
    }

    private boolean updateOrInsert(Connection c, String credentialId, long timeStep, OffsetDateTime expires)
            throws SQLException {
        if (update(c, credentialId, timeStep, expires)) {
            return true;
        }
        try (PreparedStatement ps = c.prepareStatement(insertSql)) {
            ps.setString(1, credentialId);
            ps.setLong(2, timeStep);
            ps.setObject(3, expires, Types.TIMESTAMP_WITH_TIMEZONE);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            // Another server inserted the row first: now the conditional UPDATE decides.
            return update(c, credentialId, timeStep, expires);
        }
    }

    private boolean update(Connection c, String credentialId, long timeStep, OffsetDateTime expires)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(updateSql)) {
            ps.setLong(1, timeStep);
            ps.setObject(2, expires, Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setString(3, credentialId);
            ps.setLong(4, timeStep);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Deletes the rows whose step can no longer matter ({@code expires_at} before now), e.g. from a scheduled job.
     *
     * @return how many rows were deleted
     * @throws JdbcStoreException if the database failed
     */
    public int purgeExpired() {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return sql.oneStatement("purgeExpired", true, c -> {
            try (PreparedStatement ps = c.prepareStatement(purgeSql)) {
                ps.setObject(1, now, Types.TIMESTAMP_WITH_TIMEZONE);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Returns the name of the guard's table, prefix included.
     *
     * @return e.g. {@code "kairos_replay_guard"}
     */
    public String tableName() {
        return table;
    }

    /**
     * Returns how long an accepted step is kept.
     *
     * @return the retention
     */
    public Duration retention() {
        return retention;
    }

    /**
     * Describes the guard: dialect, table and retention.
     *
     * @return e.g. {@code "JdbcReplayGuard[POSTGRESQL, table=kairos_replay_guard, retention=PT2M]"}
     */
    @Override
    public String toString() {
        return "JdbcReplayGuard[" + dialect + ", table=" + table + ", retention=" + retention + "]";
    }

    /** Builds a {@link JdbcReplayGuard}; a retention must be chosen. Not thread-safe; the guard it builds is. */
    public static final class Builder {
        private final DataSource dataSource;
        private JdbcDialect dialect;
        private String tablePrefix = "";
        private Duration retention;
        private Clock clock = Clock.systemUTC();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * Prefixes the table name ({@code "app1_"} gives {@code app1_kairos_replay_guard}).
         *
         * @param prefix empty (the default), or up to 32 characters of {@code [A-Za-z0-9_]} starting with a letter
         * @return this builder
         * @throws NullPointerException if {@code prefix} is null
         * @throws IllegalArgumentException if the prefix is not such an identifier
         */
        public Builder tablePrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.isEmpty() && (prefix.length() > JdbcEnrollmentStore.MAX_TABLE_PREFIX_LENGTH
                    || !PREFIX.matcher(prefix).matches())) {
                throw new IllegalArgumentException("table prefix must be empty or 1 to "
                        + JdbcEnrollmentStore.MAX_TABLE_PREFIX_LENGTH + " characters of [A-Za-z0-9_] starting with a "
                        + "letter, got a prefix of " + prefix.length() + " characters that is not");
            }
            this.tablePrefix = prefix;
            return this;
        }

        /**
         * Sets the dialect instead of detecting it (then {@link #build()} opens no connection).
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
         * Sets how long an accepted step is kept after its accept.
         *
         * @param retention 1 millisecond or more; to be safe, at least {@code back + ahead + 1} periods
         * @return this builder
         * @throws NullPointerException if {@code retention} is null
         * @throws IllegalArgumentException if it is shorter than 1 millisecond
         */
        public Builder retention(Duration retention) {
            Objects.requireNonNull(retention, "retention");
            if (retention.toMillis() < 1) {
                throw new IllegalArgumentException("retention must be 1 ms or more, got " + retention);
            }
            this.retention = retention;
            return this;
        }

        /**
         * Sets the retention from the TOTP period and the verifier's skew window ({@link ReplayGuard#retentionFor}).
         *
         * @param period the TOTP period
         * @param window the verifier's skew window
         * @return this builder
         * @throws NullPointerException if an argument is null
         * @throws IllegalArgumentException if the period is not 1 second to 1 day
         */
        public Builder retentionFor(Duration period, SkewWindow window) {
            return retention(ReplayGuard.retentionFor(period, window));
        }

        /**
         * Sets the clock that dates {@code expires_at} and {@link #purgeExpired()} (default: the system UTC clock).
         *
         * @param clock the clock
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the guard. Without an explicit dialect, opens one connection to detect it.
         *
         * @return the guard; call {@link #createSchemaIfMissing()} if the table may not exist yet
         * @throws IllegalStateException if no retention was chosen
         * @throws IllegalArgumentException if the detected database is neither H2 nor PostgreSQL
         * @throws JdbcStoreException if the dialect had to be detected and no connection could be opened
         */
        public JdbcReplayGuard build() {
            if (retention == null) {
                throw new IllegalStateException("choose how long steps are kept: retentionFor(period, window) or "
                        + "retention(duration)");
            }
            JdbcDialect d = dialect != null ? dialect
                    : JdbcEnrollmentStore.builder(dataSource).build().dialect();
            return new JdbcReplayGuard(dataSource, d, tablePrefix, retention, clock);
        }
    }
}
