package dev.kairos.store.jdbc;

import java.sql.SQLException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when the database failed an operation of a {@link JdbcEnrollmentStore}: connection lost, table missing,
 * permission denied, a row that is not a valid enrollment record. Conflicts (a lost compare-and-set, an existing
 * account) are never exceptions; they are {@code false} results.
 *
 * <p>The message names the operation, the table and the SQLState with a hint for common classes, and never the
 * statement's values (no secret blob, no recovery code hash). The cause is the driver's {@link SQLException} as
 * thrown; note that a driver may include statement values in its own message (PostgreSQL's "Failing row
 * contains ..." detail, which the schema's lack of CHECK constraints avoids, and which pgjdbc's
 * {@code logServerErrorDetail=false} suppresses altogether).
 *
 * <p>When a write fails with a connection error (or one the store cannot classify) after its statement may have
 * reached the database, the store cannot know whether the database committed it (the write runs in auto-commit,
 * so the reply to the statement is the commit's); the record is then either fully the old one or fully the new
 * one, never a mix, and {@link #outcomeUnknown()} is true. The caller must re-read before it reports an outcome:
 * never retry the write blindly, and never report it as failed (for a verification, the code may be consumed).
 */
public final class JdbcStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** SQLState of the cause, or null when the failure was not an {@link SQLException}. */
    private final @Nullable String sqlState;
    /** The driver's vendor-specific error code of the cause, 0 when there is none. */
    private final int vendorCode;
    /** True when a write's commit was interrupted, so the database may or may not have applied it. */
    private final boolean outcomeUnknown;

    JdbcStoreException(String message, SQLException cause, boolean outcomeUnknown) {
        super(message, cause);
        this.sqlState = cause.getSQLState();
        this.vendorCode = cause.getErrorCode();
        this.outcomeUnknown = outcomeUnknown;
    }

    JdbcStoreException(String message, RuntimeException cause) {
        super(message, cause);
        this.sqlState = null;
        this.vendorCode = 0;
        this.outcomeUnknown = false;
    }

    /**
     * Returns the five-character SQLState the driver reported (e.g. {@code "08006"} for a lost PostgreSQL
     * connection, {@code "42P01"} for a missing table).
     *
     * @return the SQLState, or empty if the driver gave none or the failure was a row that could not be read as a
     *     record
     */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }

    /**
     * Returns the vendor-specific error code of the driver ({@link SQLException#getErrorCode()}).
     *
     * @return the vendor code, 0 if there is none
     */
    public int vendorCode() {
        return vendorCode;
    }

    /**
     * Tells whether the failed operation was a write whose reply was lost, so that the database may or may
     * not have applied it (either way the record is whole: fully old or fully new).
     *
     * @return true if the outcome of the write is unknown; false if it certainly changed nothing
     */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }

    static String hint(@Nullable String sqlState) {
        if (sqlState == null || sqlState.length() < 2) {
            return "";
        }
        switch (sqlState) {
            case "42P01": // PostgreSQL undefined_table
            case "42S02": // H2 TABLE_OR_VIEW_NOT_FOUND
            case "42S04":
            case "42102":
                return " (table not found: run createSchemaIfMissing() or apply the dialect's schema script)";
            default:
                break;
        }
        switch (sqlState.substring(0, 2)) {
            case "08":
                return " (connection failure)";
            case "28":
                return " (authorization failure)";
            case "40":
                return " (transaction rolled back by the database)";
            case "42":
                return " (SQL syntax or access rule violation: does the schema match this library's version?)";
            case "53":
                return " (insufficient resources)";
            case "57":
                return " (operator intervention, e.g. server shutdown or statement cancelled)";
            case "HY":
                return " (driver or timeout error)";
            default:
                return "";
        }
    }
}
