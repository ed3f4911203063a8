package dev.kairos.demo;

import com.sun.net.httpserver.HttpServer;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.KeyRing;
import dev.kairos.store.jdbc.JdbcEnrollmentStore;
import dev.kairos.store.jdbc.JdbcStoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The Kairos demo portal: a login server on the JDK's {@link HttpServer}, listening on 127.0.0.1 only.
 *
 * <pre>
 * java -jar demo/target/kairos-demo.jar [port]      (or -Dkairos.demo.port=PORT; default 8080)
 * </pre>
 *
 * <p>MFA enrollments are kept by Kairos's JDBC store in an embedded H2 database file under the data folder
 * ({@code -Dkairos.demo.data=DIR}, default {@code ./kairos-demo-data}), next to the AES key that seals their
 * secrets; they survive a restart. Users, sessions and the audit log live in memory.
 */
public final class DemoServer implements AutoCloseable {

    /** The port used when neither an argument nor {@code -Dkairos.demo.port} gives one. */
    public static final int DEFAULT_PORT = 8080;

    /** The folder for the H2 database and the sealing key when {@code -Dkairos.demo.data} does not give one. */
    public static final String DEFAULT_DATA_FOLDER = "kairos-demo-data";

    /** The name authenticator apps show above the account. */
    static final String ISSUER = "Kairos Demo";

    private final HttpServer server;
    private final ExecutorService workers;
    private final Directory directory;
    private final Mfa mfa;
    private final JdbcDataSource database;

    private DemoServer(HttpServer server, ExecutorService workers, Directory directory, Mfa mfa,
            JdbcDataSource database) {
        this.server = server;
        this.workers = workers;
        this.directory = directory;
        this.mfa = mfa;
        this.database = database;
    }

    /**
     * Starts the portal.
     *
     * @param port the TCP port on 127.0.0.1, or 0 for any free port
     * @param clock the time for codes, sessions and lockouts (tests inject one they can move)
     * @param passwordIterations the PBKDF2 cost for the demo users' passwords
     * @param dataFolder where the H2 database file and the sealing key are kept (created if missing)
     * @return the running server
     * @throws IOException if the port cannot be bound or the data folder cannot be used
     */
    static DemoServer start(int port, Clock clock, int passwordIterations, Path dataFolder) throws IOException {
        Directory directory = Directory.demo(new Passwords(passwordIterations));
        AuditLog audit = new AuditLog(clock);
        Files.createDirectories(dataFolder);
        JdbcDataSource database = database(dataFolder);
        Mfa mfa = mfa(clock, audit, dataFolder, database);
        Portal portal = new Portal(directory, new Sessions(clock), mfa, audit, clock);

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        AtomicInteger n = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "demo-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", portal);
        server.start();
        return new DemoServer(server, workers, directory, mfa, database);
    }

    /**
     * The one place where the demo chooses where MFA state is kept: Kairos's JDBC store on an embedded H2 file,
     * as a host application would on its own database (several servers could share it).
     */
    private static EnrollmentStore enrollmentStore(JdbcDataSource database) {
        return JdbcEnrollmentStore.create(database).createSchemaIfMissing();
    }

    /** The H2 database file, kept open while the server runs and shut down by close() (on Ctrl-C too), not by H2 itself. */
    private static JdbcDataSource database(Path dataFolder) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dataFolder.toAbsolutePath().resolve("kairos") + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        return h2;
    }

    /**
     * The AES-256 key that seals the secrets, kept in the data folder (owner-only) so that the stored secrets
     * open again after a restart. A real deployment keeps it in a vault or an environment secret, away from the
     * database.
     */
    private static byte[] sealingKey(Path dataFolder) throws IOException {
        Path file = dataFolder.resolve("sealing-key.bin");
        if (Files.exists(file)) {
            byte[] key = Files.readAllBytes(file);
            if (key.length != 32) {
                throw new IOException(file + " must hold a 32-byte AES key; delete the data folder to start afresh");
            }
            return key;
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.write(file, key, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the folder's own permissions must do.
        }
        return key;
    }

    private static Mfa mfa(Clock clock, AuditLog audit, Path dataFolder, JdbcDataSource database)
            throws IOException {
        byte[] key = sealingKey(dataFolder);
        Enrollments enrollments = Enrollments.builder(enrollmentStore(database))
                .issuer(ISSUER)
                .clock(clock)
                .sealWith(KeyRing.of("demo-key-1", key))
                .listener(KairosMfa.audit(audit))
                .build();
        return new KairosMfa(enrollments);
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address to open in a browser. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    Directory directory() {
        return directory;
    }

    Mfa mfa() {
        return mfa;
    }

    /**
     * Stops accepting requests, lets running ones finish (at most a second), frees the port and closes the
     * database file.
     */
    @Override
    public void close() {
        server.stop(1);
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            System.err.println("Kairos demo: closing the H2 database failed (SQLState " + e.getSQLState() + ")");
        }
    }

    /**
     * Starts the demo and prints its address and the demo users; Ctrl-C stops it.
     *
     * @param args optionally the port
     * @throws IOException if the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? parsePort(args[0])
                : parsePort(System.getProperty("kairos.demo.port", String.valueOf(DEFAULT_PORT)));
        Path data = Path.of(System.getProperty("kairos.demo.data", DEFAULT_DATA_FOLDER));
        DemoServer demo;
        try {
            demo = start(port, Clock.systemUTC(), Passwords.DEFAULT_ITERATIONS, data);
        } catch (JdbcStoreException e) {
            System.err.println("Cannot open the demo's database in " + data.toAbsolutePath() + " (SQLState "
                    + e.sqlState().orElse("none") + "): is another demo running on it? Stop it, or give another folder with "
                    + "-Dkairos.demo.data=DIR.");
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            System.out.println("Kairos demo stopped.");
        }, "demo-shutdown"));
        PrintStream out = System.out;
        out.println();
        out.println("Kairos demo portal: " + demo.url() + "   (Ctrl-C stops it)");
        out.println("MFA enrollments: H2 database in " + data.toAbsolutePath() + " (delete it to start afresh)");
        out.println();
        out.println("Demo users:");
        for (Directory.DemoAccount a : demo.directory.demoAccounts()) {
            out.printf("  %-20s  password %-22s  %s%n", a.email(), a.password(), a.note());
        }
        out.println();
    }

    private static int parsePort(String text) {
        try {
            int p = Integer.parseInt(text.trim());
            if (p < 0 || p > 65_535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            System.err.println("The port must be a number from 0 to 65535, not \"" + text + "\".");
            System.exit(2);
            return -1;
        }
    }
}
