package dev.kairos.demo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import org.h2.api.ErrorCode;
import org.h2.engine.SysProperties;
import org.h2.tools.Server;

/**
 * The H2 database both portals share when no {@code spring.datasource.url} is given: a file in the data folder,
 * served over TCP on {@code 127.0.0.1:database-port} by whichever portal starts first (the other one connects to
 * it). It replaces H2's {@code AUTO_SERVER}, which listened on every interface with {@code -tcpAllowOthers} and
 * user SA with an empty password, so any user of the machine (or of the network) could read the sealed secrets,
 * delete enrollments and write audit rows (issue 24, finding 1). Now:
 *
 * <ul>
 *   <li>the server listens on the loopback address only, and refuses connections from other hosts;</li>
 *   <li>the database's user has a password of 192 random bits, made on first start and kept in the data folder;</li>
 *   <li>the server opens no database that does not exist yet (no {@code -ifNotExists}: a stranger cannot create a
 *       database of their own on it and run code through it);</li>
 *   <li>the data folder is 0700 and its files 0600.</li>
 * </ul>
 *
 * <p>If the portal serving the database stops, the other one loses it: stop both, or start the other again. On a
 * machine shared with people you do not trust, another user could take the port before the portals start; the
 * portals then fail to start (the password does not open that database). Beyond a demo, use PostgreSQL.
 */
final class SharedDatabase implements AutoCloseable {

    static final String USER = "kairos_demo";
    static final String LOOPBACK = "127.0.0.1";
    private static final String NAME = "kairos";

    private final Path folder;
    private final int port;
    private final String password;
    private final Server server;

    private SharedDatabase(Path folder, int port, String password, Server server) {
        this.folder = folder;
        this.port = port;
        this.password = password;
        this.server = server;
    }

    /**
     * Serves the database, or joins the portal that already serves it.
     *
     * @throws IllegalStateException if H2 was loaded before the loopback binding could be set, or the database
     *     does not open with this folder's password
     */
    static SharedDatabase open(Path folder, int port) {
        Path absolute = folder.toAbsolutePath().normalize();
        OwnerOnlyFiles.folder(absolute);
        String password = HexFormat.of().formatHex(OwnerOnlyFiles.secret(absolute, "database-password", 24));
        bindToLoopback();
        Server server;
        try {
            server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", absolute.toString(),
                    "-tcpDaemon").start();
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.EXCEPTION_OPENING_PORT_2) {
                throw new IllegalStateException("cannot start the database server on port " + port, e);
            }
            server = null; // The other portal serves it.
        }
        SharedDatabase db = new SharedDatabase(absolute, port, password, server);
        try {
            if (server != null) {
                db.create();
            }
            db.check();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        OwnerOnlyFiles.filesIn(absolute);
        return db;
    }

    /**
     * H2 reads {@code h2.bindAddress} once, when it is first used: set it before, and refuse to serve if H2 was
     * already loaded with another value (a server on every interface is what this class exists to prevent).
     */
    private static void bindToLoopback() {
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", LOOPBACK);
        }
        if (!LOOPBACK.equals(SysProperties.BIND_ADDRESS)) {
            throw new IllegalStateException("H2 was loaded before the demo could bind its server to " + LOOPBACK
                    + " (h2.bindAddress is " + SysProperties.BIND_ADDRESS + "); start the JVM with -Dh2.bindAddress="
                    + LOOPBACK);
        }
    }

    /** In this process, before anyone else can reach it: the file is created with this user and password. */
    private void create() {
        String file = "jdbc:h2:file:" + folder.resolve(NAME) + ";DB_CLOSE_DELAY=0";
        try (Connection c = DriverManager.getConnection(file, USER, password)) {
            c.isValid(1);
        } catch (SQLException e) {
            throw refused(e);
        }
    }

    /** A connection over the server works with the password (the other portal may still be creating the file). */
    private void check() {
        SQLException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try (Connection c = DriverManager.getConnection(url(), USER, password)) {
                return;
            } catch (SQLException e) {
                if (e.getErrorCode() == ErrorCode.WRONG_USER_OR_PASSWORD) {
                    throw refused(e);
                }
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("cannot reach the demo database at " + url(), last);
    }

    private IllegalStateException refused(SQLException e) {
        return new IllegalStateException("the database in " + folder + " does not open with this folder's password "
                + "(made by an older demo, or another program serves port " + port + "): delete the folder to start "
                + "afresh, or set kairos.demo.database-port", e);
    }

    String url() {
        return "jdbc:h2:tcp://" + LOOPBACK + ":" + port + "/" + NAME;
    }

    String password() {
        return password;
    }

    /** Whether this process serves the database (the first portal) or uses the other's. */
    boolean serving() {
        return server != null;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
