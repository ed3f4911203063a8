package dev.kairos.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a data source to lose the connection at a chosen moment: before the Nth statement runs, or at the Nth
 * commit (before or after the database committed). "Lost" means the real connection is closed (the database rolls
 * back whatever was not committed) and the call throws SQLState 08006, as a broken socket does. It also counts the
 * connections handed out and not closed, records auto-commit and isolation as they were at each close, and counts
 * every call by method name on connections and statements ({@link #calls}), to count round trips.
 */
final class FaultyDataSource implements DataSource {

    /** Where the connection is lost. */
    enum Fault {
        /** Before the Nth executeQuery/executeUpdate/execute reaches the database. */
        BEFORE_STATEMENT,
        /** After the Nth executeQuery/executeUpdate/execute ran (and, in auto-commit, committed): the reply is lost. */
        AFTER_STATEMENT,
        /** At the Nth commit, before the database committed. */
        BEFORE_COMMIT,
        /** At the Nth commit, after the database committed (the acknowledgement is lost). */
        AFTER_COMMIT
    }

    private final DataSource real;
    private final int handedOutIsolation;
    private volatile Fault fault;
    private volatile int at;
    private final AtomicInteger statements = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    /** Calls on connections and statements, by method name ("executeUpdate", "commit", ...), and statement failures
     * ("SQLState 40001"). */
    final java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> calls =
            new java.util.concurrent.ConcurrentHashMap<>();
    volatile boolean autoCommitAtClose;
    volatile int isolationAtClose;

    /**
     * @param handedOutIsolation the isolation every connection gets before it is handed out, to check the store
     *     puts it back
     */
    FaultyDataSource(DataSource real, int handedOutIsolation) {
        this.real = real;
        this.handedOutIsolation = handedOutIsolation;
    }

    /** Arms a fault at the {@code n}th event of its kind from now on (1 = the next one). */
    void arm(Fault f, int n) {
        statements.set(0);
        commits.set(0);
        this.at = n;
        this.fault = f;
    }

    void disarm() {
        this.fault = null;
    }

    private static SQLException lost() {
        return new SQLException("simulated connection loss", "08006");
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = real.getConnection();
        c.setTransactionIsolation(handedOutIsolation);
        open.incrementAndGet();
        InvocationHandler h = new InvocationHandler() {
            boolean closed;

            @Override
            public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
                count(m.getName());
                switch (m.getName()) {
                    case "close":
                        if (!closed) {
                            closed = true;
                            open.decrementAndGet();
                            if (!c.isClosed()) {
                                autoCommitAtClose = c.getAutoCommit();
                                isolationAtClose = c.getTransactionIsolation();
                            }
                        }
                        return call(c, m, args);
                    case "commit":
                        if (fault == Fault.BEFORE_COMMIT && commits.incrementAndGet() == at) {
                            disarm();
                            c.close();
                            throw lost();
                        }
                        if (fault == Fault.AFTER_COMMIT && commits.incrementAndGet() == at) {
                            disarm();
                            c.commit();
                            c.close();
                            throw lost();
                        }
                        return call(c, m, args);
                    case "prepareStatement":
                    case "createStatement":
                        Object s = call(c, m, args);
                        Class<?> type = s instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                        return Proxy.newProxyInstance(FaultyDataSource.class.getClassLoader(), new Class<?>[] {type},
                                (p, sm, sargs) -> {
                                    count(sm.getName());
                                    boolean execute = sm.getName().startsWith("execute");
                                    if (execute && fault == Fault.BEFORE_STATEMENT
                                            && statements.incrementAndGet() == at) {
                                        disarm();
                                        c.close();
                                        throw lost();
                                    }
                                    if (execute && fault == Fault.AFTER_STATEMENT
                                            && statements.incrementAndGet() == at) {
                                        disarm();
                                        call(s, sm, sargs);
                                        c.close();
                                        throw lost();
                                    }
                                    try {
                                        return call(s, sm, sargs);
                                    } catch (SQLException e) {
                                        count("SQLState " + e.getSQLState());
                                        throw e;
                                    }
                                });
                    default:
                        return call(c, m, args);
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(FaultyDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, h);
    }

    private void count(String method) {
        calls.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
    }

    /** Returns how many times a method was called since the last {@link #resetCalls()}. */
    int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    void resetCalls() {
        calls.clear();
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
