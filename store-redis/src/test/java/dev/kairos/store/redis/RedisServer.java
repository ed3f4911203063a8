package dev.kairos.store.redis;

import io.lettuce.core.RedisURI;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real redis-server (Debian package {@code redis-server}) started by a test as a child process, on a free port,
 * with its files in a temporary directory; {@link #kill()} sends SIGKILL and {@link #restart()} starts it again on the
 * same port and directory. If redis-server is not installed the tests are skipped, except when {@code CI} is set (e.g.
 * {@code CI=true}), where they fail: CI installs it ({@code .ci/run}), so a missing server there is a broken build,
 * not a skip.
 */
final class RedisServer implements AutoCloseable {
    private final String binary;
    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private Process process;

    private RedisServer(String binary, int port, Path dir, List<String> extraArgs) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
    }

    /**
     * Starts a server without persistence ({@code --save ""}, no AOF), or with the given extra arguments (e.g.
     * {@code "--appendonly", "yes"}).
     */
    static RedisServer start(String... extraArgs) {
        String binary = findBinary();
        if (binary == null) {
            skipOrFail(System.getenv("CI"));
        }
        try {
            RedisServer server = new RedisServer(binary, freePort(), Files.createTempDirectory("kairos-redis-"),
                    List.of(extraArgs));
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server", e);
        }
    }

    /** Without a redis-server: aborts the test (a skip), or fails it when {@code ci} says this is CI. */
    static void skipOrFail(String ci) {
        String why = "redis-server is not installed (Debian: apt-get install redis-server)";
        if (ci != null && !ci.isBlank() && !ci.equals("false")) { // as the demo's browser test
            throw new AssertionError(why + "; under CI the Redis tests must run, not be skipped");
        }
        Assumptions.abort(why);
    }

    private static String findBinary() {
        return findBinary("redis-server");
    }

    /** Finds an executable on the PATH or in the usual directories; null if there is none. */
    static String findBinary(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        dirs.add("/usr/bin");
        dirs.add("/usr/sbin");
        dirs.add("/usr/local/bin");
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--enable-debug-command", "local"));
        command.addAll(extraArgs);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + "; see "
                        + dir.resolve("redis.log"));
            }
            if (pong()) {
                return;
            }
            sleep(20);
        }
        throw new IllegalStateException("redis-server did not answer PING on port " + port + " within 15 s");
    }

    private boolean pong() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] reply = new byte[7];
            int n = in.readNBytes(reply, 0, 7);
            return n == 7 && new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends DEBUG SLEEP on a raw socket of its own: the server answers nothing else until it is over. */
    java.util.concurrent.CompletableFuture<Void> sleepAsync(double seconds) {
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(("DEBUG SLEEP " + seconds + "\r\n").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                s.getInputStream().read(); // the reply comes when the sleep is over
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    int port() {
        return port;
    }

    boolean alive() {
        return process.isAlive();
    }

    RedisURI uri(Duration timeout) {
        return RedisURI.builder().withHost("127.0.0.1").withPort(port).withTimeout(timeout).build();
    }

    RedisURI uri() {
        return uri(Duration.ofSeconds(10));
    }

    /** Sends SIGKILL (Process.destroyForcibly on Linux) and waits for the process to end. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same port and directory (so an AOF file is replayed). */
    void restart() {
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
