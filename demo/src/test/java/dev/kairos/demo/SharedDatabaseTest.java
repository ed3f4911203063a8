package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.h2.tools.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 24, finding 1: the H2 server the first portal started (AUTO_SERVER) listened on every interface, the data
 * folder was 0755 and its files 0644, and anyone on the machine connected as SA with an empty password, read the
 * sealed secrets and deleted enrollments. Here a portal starts as the README runs it (no
 * {@code spring.datasource.url}), and the test checks the socket, the permissions, and, as another OS user
 * ({@code nobody}, through {@code setpriv}), that neither a connection nor a file read works.
 */
class SharedDatabaseTest {

    @TempDir
    static Path parent;
    private static Path data;
    private static int port;
    private static ConfigurableApplicationContext portal;
    private static ConfigurableApplicationContext secondPortal;

    @BeforeAll
    static void start() throws IOException {
        // The parent is open to everyone, as a home folder or a checkout often is: only the data folder's own
        // permissions stand between another user and the files.
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        data = parent.resolve("kairos-demo-data");
        port = freePort();
        portal = startPortal(PortalKind.DEVELOPER);
        secondPortal = startPortal(PortalKind.DASHBOARD);
    }

    private static ConfigurableApplicationContext startPortal(PortalKind kind) {
        return new SpringApplicationBuilder(DemoApplication.class).run("--server.port=0",
                "--kairos.demo.portal=" + kind.name().toLowerCase(Locale.ROOT), "--kairos.demo.data=" + data,
                "--kairos.demo.database-port=" + port, "--kairos.demo.password-iterations=1000",
                "--logging.level.root=WARN");
    }

    @AfterAll
    static void stop() {
        if (secondPortal != null) {
            secondPortal.close();
        }
        if (portal != null) {
            portal.close();
        }
    }

    @Test
    void theFirstPortalServesAndTheSecondJoinsTheSameDatabase() {
        assertTrue(portal.getBean(SharedDatabase.class).serving());
        assertFalse(secondPortal.getBean(SharedDatabase.class).serving());
        assertEquals(portal.getBean(Directory.class).users().size(),
                secondPortal.getBean(Directory.class).users().size());
    }

    @Test
    void theDatabaseServerListensOnTheLoopbackAddressOnly() throws IOException {
        // /proc/net/tcp{,6}: "local_address rem_address st"; a listening socket has state 0A.
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        List<String> listening = new ArrayList<>();
        assumeTrue(Files.exists(Path.of("/proc/net/tcp")), "Linux's /proc/net/tcp lists the listening sockets");
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue; // no IPv6 here
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                    listening.add(f[1]);
                }
            }
        }
        // 127.0.0.1, in IPv4's table or as ::ffff:127.0.0.1 in IPv6's (Java's dual-stack socket); never 0.0.0.0 or [::].
        assertFalse(listening.isEmpty(), "nothing listens on " + port);
        for (String address : listening) {
            assertTrue(address.equals("0100007F" + hexPort)
                    || address.equals("0000000000000000FFFF00000100007F" + hexPort), listening.toString());
        }
    }

    @Test
    void theDataFolderIsOwnerOnlyAndEveryFileInItToo() throws IOException {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        try (Stream<Path> files = Files.list(data)) {
            List<Path> all = files.toList();
            assertTrue(all.stream().anyMatch(f -> f.getFileName().toString().endsWith(".mv.db")), all.toString());
            for (Path f : all) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
        }
    }

    @Test
    void anotherUserOfTheMachineCanNeitherConnectNorReadTheFiles() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean setpriv = new File("/usr/bin/setpriv").canExecute();
        if (!(root && setpriv)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI must run this test as root with setpriv (util-linux) to act as another user");
            }
            assumeTrue(false, "needs root and setpriv to act as another user");
        }
        Path tools = Files.createDirectory(parent.resolve("tools"));
        Path h2 = tools.resolve("h2.jar");
        Files.copy(Path.of(Shell.class.getProtectionDomain().getCodeSource().getLocation().toURI()), h2,
                StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(h2, PosixFilePermissions.fromString("rw-r--r--"));
        String url = portal.getBean(SharedDatabase.class).url();
        String password = portal.getBean(SharedDatabase.class).password();

        // Control: with the password, the owner's shell reads the users (so the refusals below are about the user).
        Result owner = run(false, java(h2, url, SharedDatabase.USER, password));
        assertEquals(0, owner.exit(), owner.output());
        assertTrue(owner.output().contains("alice@acme.test"), owner.output());

        for (String[] login : List.of(new String[] {"sa", ""}, new String[] {"SA", ""},
                new String[] {SharedDatabase.USER, ""}, new String[] {SharedDatabase.USER, "sa"})) {
            Result r = run(true, java(h2, url, login[0], login[1]));
            assertFalse(r.output().contains("alice@acme.test"), r.output());
            assertTrue(r.output().contains("28000") || r.output().contains("Wrong user name or password"), r.output());
        }
        // A database of their own on our server (code execution as us through CREATE ALIAS): not created.
        Result own = run(true, java(h2, url.replace("/kairos", "/theirs"), "sa", ""));
        assertFalse(own.output().contains("alice@acme.test"), own.output());
        assertFalse(Files.exists(data.resolve("theirs.mv.db")), "a stranger created a database in the data folder");

        for (String file : List.of("kairos.mv.db", "database-password", "sealing-key.bin",
                "remembered-browser-key.bin")) {
            Result read = run(true, List.of("cat", data.resolve(file).toString()));
            assertNotEquals(0, read.exit(), file + " readable by another user: " + read.output());
        }
        Result list = run(true, List.of("ls", data.toString()));
        assertNotEquals(0, list.exit(), list.output());
    }

    private static List<String> java(Path h2, String url, String user, String password) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return List.of(java.toString(), "-cp", h2.toString(), "org.h2.tools.Shell", "-url", url, "-user", user,
                "-password", password, "-sql", "SELECT email FROM demo_user");
    }

    private record Result(int exit, String output) {}

    private static Result run(boolean asNobody, List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asNobody) {
            full.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).directory(parent.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + full);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
