package dev.kairos.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.ReplayGuard;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Races {@link ReplayGuard#tryAccept} over many credentials with several threads, in this JVM
 * ({@link #race}) or against a second JVM ({@link #againstSecondJvm}): every thread calls
 * {@code tryAccept(prefix + i, step)} for every i, each in its own random order, so the racers keep hitting credentials
 * another is working on. Exactly one accept per credential must happen overall. Shared by every shared guard's tests
 * (Redis standalone and cluster, JDBC), instead of a copy per store.
 */
public final class ReplayGuardRace {
    private ReplayGuardRace() {
    }

    /**
     * Builds, in the second JVM, the guard it races with. Implementations are public classes with a public no-argument
     * constructor (the second JVM creates one by its class name).
     */
    public interface Factory {
        /**
         * Opens a guard on the storage the first JVM uses.
         *
         * @param where what the first JVM passed: e.g. a port, ports or a JDBC URL
         * @return the guard; closed after the race if it is {@link AutoCloseable}
         */
        ReplayGuard open(String where);
    }

    /**
     * Runs the race in this JVM: {@code threads} threads start together, each calls {@code tryAccept(prefix + i, step)}
     * for every i in {@code [0, credentials)} in its own random order.
     *
     * @param guard the guard
     * @param prefix the credential ids' prefix
     * @param credentials how many credentials
     * @param threads how many threads
     * @param step the time step every call uses
     * @return the indices this JVM accepted (one entry per accept)
     * @throws InterruptedException if interrupted while waiting for the threads
     * @throws AssertionError if a call threw (with that exception as its cause)
     */
    public static List<Integer> race(ReplayGuard guard, String prefix, int credentials, int threads, long step)
            throws InterruptedException {
        ConcurrentLinkedQueue<Integer> accepted = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> racers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < credentials; i++) {
                    order.add(i);
                }
                Collections.shuffle(order);
                try {
                    go.await();
                    for (int i : order) {
                        if (guard.tryAccept(prefix + i, step)) {
                            accepted.add(i);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            });
            thread.start();
            racers.add(thread);
        }
        go.countDown();
        for (Thread thread : racers) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a racer failed: " + failures.peek(), failures.peek());
        }
        return new ArrayList<>(accepted);
    }

    /**
     * Races this JVM's guard against a second JVM's (a child process on this JVM's class path, whose guard
     * {@code factory} opens on {@code where}), and asserts that each credential's step was accepted exactly once
     * overall and that both JVMs won some.
     *
     * @param guard this JVM's guard
     * @param factory the factory the second JVM uses
     * @param where passed to the factory
     * @param credentials how many credentials
     * @param threads threads in each JVM
     * @throws Exception if the second JVM could not run, or an assertion failed
     */
    public static void againstSecondJvm(ReplayGuard guard, Class<? extends Factory> factory, String where,
            int credentials, int threads) throws Exception {
        String prefix = "xproc-" + UUID.randomUUID() + "-";
        long step = 59_000_000L;
        race(guard, "warmup-" + prefix, 300, threads, step); // as the other JVM does
        Process other = spawn(factory.getName(), where, prefix, Integer.toString(credentials),
                Integer.toString(threads), Long.toString(step));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("READY", out.readLine(), "the second JVM started");
            List<Integer> mine = new ArrayList<>();
            Thread local = new Thread(() -> {
                try {
                    mine.addAll(race(guard, prefix, credentials, threads, step));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            new PrintStream(other.getOutputStream(), true, StandardCharsets.UTF_8).println("GO");
            local.start();
            List<Integer> theirs = new ArrayList<>();
            for (String line = out.readLine(); !"DONE".equals(line); line = out.readLine()) {
                if (line == null) {
                    throw new AssertionError("the second JVM ended without DONE");
                }
                theirs.add(Integer.parseInt(line.substring(2)));
            }
            local.join();
            assertTrue(other.waitFor(30, TimeUnit.SECONDS));
            Map<Integer, Integer> accepts = new HashMap<>();
            mine.forEach(i -> accepts.merge(i, 1, Integer::sum));
            theirs.forEach(i -> accepts.merge(i, 1, Integer::sum));
            for (int i = 0; i < credentials; i++) {
                assertEquals(1, accepts.getOrDefault(i, 0), "credential " + i + " accepted by this JVM "
                        + mine.contains(i) + ", by the other " + theirs.contains(i));
            }
            assertTrue(!mine.isEmpty() && !theirs.isEmpty(), "both JVMs won some: they raced concurrently");
            System.out.printf("two JVMs, %d credentials: %d accepted here, %d in the other JVM%n", credentials,
                    mine.size(), theirs.size());
        } finally {
            other.destroyForcibly();
        }
    }

    /**
     * The second JVM: args factory class, where, prefix, credentials, threads, step. Opens the guard, warms up, prints
     * READY, waits for GO on stdin, races, prints one "A i" line per accept, then DONE.
     *
     * @param args as above
     * @throws Exception if the guard could not be opened or the race failed
     */
    public static void main(String[] args) throws Exception {
        Factory factory = (Factory) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        ReplayGuard guard = factory.open(args[1]);
        String prefix = args[2];
        int credentials = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        long step = Long.parseLong(args[5]);
        try {
            // Warm up (class loading, JIT, connections) so this JVM races at full speed from GO on.
            race(guard, "warmup-" + prefix, 300, threads, step);
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(in.readLine())) {
                throw new IllegalStateException("expected GO");
            }
            StringBuilder lines = new StringBuilder();
            for (int i : race(guard, prefix, credentials, threads, step)) {
                lines.append("A ").append(i).append('\n');
            }
            System.out.print(lines);
            System.out.println("DONE");
            System.out.flush();
        } finally {
            if (guard instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /**
     * Starts a class's {@code main} in a second JVM, on this JVM's class path and module path (as a class path).
     *
     * @param mainClass the class whose {@code main} runs
     * @param args its arguments
     * @return the process, its stdout readable, its stderr inherited
     * @throws IOException if it could not start
     */
    public static Process spawnMain(Class<?> mainClass, String... args) throws IOException {
        String classPath = System.getProperty("java.class.path");
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            classPath = classPath + File.pathSeparator + modulePath; // surefire may run the tests on the module path
        }
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-cp",
                classPath, mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static Process spawn(String... args) throws IOException {
        return spawnMain(ReplayGuardRace.class, args);
    }
}
