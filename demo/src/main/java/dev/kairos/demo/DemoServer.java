package dev.kairos.demo;

import com.sun.net.httpserver.HttpServer;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.Enrollments;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.KeyRing;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Kairos demo portal: a login server on the JDK's {@link HttpServer}, listening on 127.0.0.1 only.
 *
 * <pre>
 * java -jar demo/target/kairos-demo.jar [port]      (or -Dkairos.demo.port=PORT; default 8080)
 * </pre>
 */
public final class DemoServer implements AutoCloseable {

    /** The port used when neither an argument nor {@code -Dkairos.demo.port} gives one. */
    public static final int DEFAULT_PORT = 8080;

    /** The name authenticator apps show above the account. */
    static final String ISSUER = "Kairos Demo";

    private final HttpServer server;
    private final ExecutorService workers;
    private final Directory directory;
    private final Mfa mfa;

    private DemoServer(HttpServer server, ExecutorService workers, Directory directory, Mfa mfa) {
        this.server = server;
        this.workers = workers;
        this.directory = directory;
        this.mfa = mfa;
    }

    /**
     * Starts the portal.
     *
     * @param port the TCP port on 127.0.0.1, or 0 for any free port
     * @param clock the time for codes, sessions and lockouts (tests inject one they can move)
     * @param passwordIterations the PBKDF2 cost for the demo users' passwords
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    static DemoServer start(int port, Clock clock, int passwordIterations) throws IOException {
        Directory directory = Directory.demo(new Passwords(passwordIterations));
        AuditLog audit = new AuditLog(clock);
        Mfa mfa = mfa(clock, audit);
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
        return new DemoServer(server, workers, directory, mfa);
    }

    /**
     * The one place where the demo chooses where MFA state is kept: Kairos's in-memory store, so enrollments last
     * as long as the process. For an H2 file instead, once {@code kairos-store-jdbc} exists, return its store on
     * a {@code jdbc:h2:file:...} DataSource here, and keep the sealing key (below) in a file or an environment
     * variable next to it, or the stored secrets cannot be opened after a restart.
     */
    private static EnrollmentStore enrollmentStore() {
        return new InMemoryEnrollmentStore();
    }

    private static Mfa mfa(Clock clock, AuditLog audit) {
        // Secrets are sealed (AES-GCM) before they reach the store. The key is made at start: with an in-memory
        // store nothing outlives it.
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Enrollments enrollments = Enrollments.builder(enrollmentStore())
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

    /** Stops accepting requests, lets running ones finish (at most a second), and frees the port. */
    @Override
    public void close() {
        server.stop(1);
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        DemoServer demo = start(port, Clock.systemUTC(), Passwords.DEFAULT_ITERATIONS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            System.out.println("Kairos demo stopped.");
        }, "demo-shutdown"));
        PrintStream out = System.out;
        out.println();
        out.println("Kairos demo portal: " + demo.url() + "   (Ctrl-C stops it)");
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
