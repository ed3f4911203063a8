package dev.kairos.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * How {@link JdbcEnrollmentStore} and {@link JdbcReplayGuard} talk to the database: one auto-commit statement per
 * operation, or a transaction for schema creation; connections always closed; failures classified into
 * {@link JdbcStoreException}s that say whether a write's outcome is unknown.
 */
final class SqlRunner {
    private static final System.Logger LOG = System.getLogger(SqlRunner.class.getName());

    private final DataSource dataSource;
    private final String what;
    private final String table;

    /**
     * @param what the component, for messages, e.g. "kairos-store-jdbc"
     * @param table the table, for messages
     */
    SqlRunner(DataSource dataSource, String what, String table) {
        this.dataSource = dataSource;
        this.what = what;
        this.table = table;
    }


    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Tells whether a statement failed because a concurrent writer of the same row won: SQLState {@code 40001}
     * (PostgreSQL at REPEATABLE READ or SERIALIZABLE: "could not serialize access due to concurrent update"),
     * {@code 40P01} (deadlock, the statement was rolled back) or H2's {@code 90131} (concurrent update). The
     * database rolled the statement back, so the compare-and-set changed nothing and lost: {@code false}.
     */
    static boolean lostRace(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state) || "90131".equals(state);
    }

    /**
     * Tells whether the database answered a statement with an error, so that it certainly did not apply it (data,
     * constraint, rollback, syntax or access, resource and limit classes). Anything else, a connection failure
     * (class 08) above all, leaves a write's outcome unknown: the statement may have committed before the reply was
     * lost.
     */
    static boolean refusedByTheDatabase(SQLException e) {
        String state = e.getSQLState();
        if (state == null || state.length() < 2) {
            return false;
        }
        switch (state.substring(0, 2)) {
            case "22": case "23": case "40": case "42": case "44": case "53": case "54": case "55":
                return true;
            default:
                return "57014".equals(state) || "90131".equals(state); // query cancelled; H2 concurrent update
        }
    }

    /**
     * Runs one statement in auto-commit mode: the database commits it on its own, so a verification costs one
     * round trip per statement (no {@code BEGIN}, no {@code COMMIT}, no isolation query; before, each operation
     * cost three on PostgreSQL). A single conditional statement needs no transaction around it: it is atomic by
     * itself, and at any isolation level a concurrent writer of the same row either waits for the row lock and
     * re-checks the {@code WHERE} clause (READ COMMITTED) or fails with SQLState 40001 (REPEATABLE READ,
     * SERIALIZABLE), which the operations read as a lost race. The connection's isolation is left as the pool set
     * it; auto-commit is switched on only if the pool handed the connection out without it, and put back.
     *
     * @param writes whether the statement writes: a failure after it may have been sent then has an unknown outcome
     */
    <T> T oneStatement(String operation, boolean writes, SqlWork<T> work) {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw failure(operation, "could not get a connection", e, false);
        }
        try {
            // Local in pgjdbc, H2 and HikariCP proxies: neither call sends anything when the mode is unchanged.
            boolean autoCommit = c.getAutoCommit();
            if (!autoCommit) {
                c.setAutoCommit(true);
            }
            try {
                return work.run(c);
            } finally {
                if (!autoCommit) {
                    restoreAutoCommit(c);
                }
            }
        } catch (SQLException e) {
            // A statement that failed for a connection (or unknown) reason may have been committed before the reply
            // was lost; one the database refused certainly was not.
            throw failure(operation, "failed", e, writes && !refusedByTheDatabase(e));
        } finally {
            closeQuietly(c, operation);
        }
    }

    private void restoreAutoCommit(Connection c) {
        try {
            if (!c.isClosed()) {
                c.setAutoCommit(false);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> what + ": could not restore auto-commit of a "
                    + "connection to " + table + ": SQLState " + sqlStateOf(e));
        }
    }

    /**
     * Runs {@code work} (schema creation: several statements) in a transaction of its own at READ COMMITTED: commits
     * if it returns, rolls back if it throws, then restores auto-commit and isolation and closes the connection,
     * whatever happened.
     */
    <T> T inTransaction(String operation, SqlWork<T> work) {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw failure(operation, "could not get a connection", e, false);
        }
        boolean committing = false;
        try {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            if (autoCommit) {
                c.setAutoCommit(false);
            }
            try {
                T result = work.run(c);
                committing = true;
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                restore(c, autoCommit, isolation);
            }
        } catch (SQLException e) {
            // A commit that failed for a connection (or unknown) reason may have been applied; one that the
            // database refused (class 40 rollback, 23 constraint) certainly was not.
            String state = e.getSQLState();
            boolean refused = state != null && (state.startsWith("40") || state.startsWith("23"));
            throw failure(operation, committing ? "commit failed" : "failed", e, committing && !refused);
        } finally {
            closeQuietly(c, operation);
        }
    }

    JdbcStoreException failure(String operation, String what, SQLException e, boolean outcomeUnknown) {
        String state = e.getSQLState();
        return new JdbcStoreException(what + " " + operation + " on table " + table + " " + what
                + ": SQLState " + state + JdbcStoreException.hint(state) + ", vendor code " + e.getErrorCode()
                + (outcomeUnknown ? "; the database may or may not have applied the write (the record is either "
                        + "fully old or fully new)" : "; nothing was written"),
                e, outcomeUnknown);
    }

    private static void rollbackQuietly(Connection c, Throwable primary) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            primary.addSuppressed(e);
        }
    }

    /**
     * Puts auto-commit and isolation back as the pool handed them out. A failure here comes after the outcome was
     * decided, so it must not change the result: the connection is broken, closing it tells the pool.
     */
    private void restore(Connection c, boolean autoCommit, int isolation) {
        try {
            if (c.isClosed()) {
                return; // lost: the failure was already reported, and the pool discards it
            }
            if (autoCommit) {
                c.setAutoCommit(true);
            }
            if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                c.setTransactionIsolation(isolation);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> what + ": could not restore auto-commit/isolation "
                    + "of a connection to " + table + ": SQLState " + sqlStateOf(e));
        }
    }

    private void closeQuietly(Connection c, String operation) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> what + " " + operation + ": closing a connection "
                    + "failed: SQLState " + sqlStateOf(e));
        }
    }

    private static String sqlStateOf(Exception e) {
        return e instanceof SQLException s ? s.getSQLState() : e.getClass().getSimpleName();
    }

}
