package dev.kairos.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The SQL dialects a {@link JdbcEnrollmentStore} speaks. They differ in column types (PostgreSQL {@code BYTEA}
 * and {@code COLLATE "C"}, H2 {@code BINARY VARYING}) and in how an insert-if-absent is written: PostgreSQL uses
 * {@code INSERT ... ON CONFLICT (account_id) DO NOTHING}, which never raises an error (so the transaction is never
 * left aborted); H2 runs a plain {@code INSERT} and reads the unique violation (SQLState {@code 23505}) as "already
 * present", then rolls back.
 */
public enum JdbcDialect {
    /** H2 2.x (embedded or server), the default for demos and tests. */
    H2("schema-h2.sql", "replay-guard-h2.sql"),
    /** PostgreSQL 12 or later (tested on 14). */
    POSTGRESQL("schema-postgresql.sql", "replay-guard-postgresql.sql");

    private final String scriptName;
    private final String guardScriptName;

    JdbcDialect(String scriptName, String guardScriptName) {
        this.scriptName = scriptName;
        this.guardScriptName = guardScriptName;
    }

    /**
     * Returns the path of this dialect's schema script inside the jar, for tools that copy it (Flyway, Liquibase,
     * a DBA's migration directory).
     *
     * @return e.g. {@code "dev/kairos/store/jdbc/schema-postgresql.sql"}
     */
    public String schemaResource() {
        return "dev/kairos/store/jdbc/" + scriptName;
    }

    /**
     * Returns this dialect's schema script: the {@code CREATE TABLE IF NOT EXISTS} statements for the default table
     * names ({@code kairos_enrollment}, {@code kairos_schema_version}), every column documented in SQL comments.
     *
     * @return the script, UTF-8 decoded
     * @throws UncheckedIOException if the resource cannot be read (a broken jar)
     */
    public String schemaScript() {
        return read(scriptName);
    }

    /**
     * Returns the path of this dialect's {@link JdbcReplayGuard} schema script inside the jar.
     *
     * @return e.g. {@code "dev/kairos/store/jdbc/replay-guard-postgresql.sql"}
     */
    public String replayGuardSchemaResource() {
        return "dev/kairos/store/jdbc/" + guardScriptName;
    }

    /**
     * Returns this dialect's {@link JdbcReplayGuard} schema script: {@code CREATE TABLE IF NOT EXISTS
     * kairos_replay_guard} and its expiry index, every column documented in SQL comments.
     *
     * @return the script, UTF-8 decoded
     * @throws UncheckedIOException if the resource cannot be read (a broken jar)
     */
    public String replayGuardSchemaScript() {
        return read(guardScriptName);
    }

    /**
     * Returns this dialect's migration script from one schema version to the next, for tools that apply
     * migrations themselves; {@link JdbcEnrollmentStore#createSchemaIfMissing()} applies it on its own.
     *
     * @param from the version the database has, 1 or more (the script upgrades it to {@code from + 1})
     * @return the script, e.g. {@code migrate-postgresql-1-to-2.sql}
     * @throws UncheckedIOException if there is no such script
     */
    public String migrationScript(int from) {
        return read("migrate-" + (this == H2 ? "h2" : "postgresql") + "-" + from + "-to-" + (from + 1) + ".sql");
    }

    private static String read(String name) {
        try (InputStream in = JdbcDialect.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing resource dev/kairos/store/jdbc/" + name));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dev/kairos/store/jdbc/" + name, e);
        }
    }

    /**
     * Picks the dialect from a JDBC product name ({@link java.sql.DatabaseMetaData#getDatabaseProductName()}).
     *
     * @param productName e.g. {@code "H2"} or {@code "PostgreSQL"}
     * @return the dialect
     * @throws IllegalArgumentException if the product is neither H2 nor PostgreSQL
     */
    static JdbcDialect fromProductName(String productName) {
        String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (p.equals("h2")) {
            return H2;
        }
        if (p.contains("postgresql")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database '" + productName + "': kairos-store-jdbc supports "
                + "H2 and PostgreSQL; for a compatible database choose the dialect explicitly with "
                + "JdbcEnrollmentStore.builder(dataSource).dialect(...)");
    }
}
