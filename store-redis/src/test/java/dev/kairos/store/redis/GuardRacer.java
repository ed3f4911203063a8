package dev.kairos.store.redis;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Races {@link ReplayGuard#tryAccept} over many credentials, with several threads, in this JVM or in a second one
 * ({@link #main}): every thread calls {@code tryAccept(prefix + i, STEP)} for every i, each thread in its own random
 * order, so both processes keep hitting credentials the other is working on, whichever one started faster. Exactly one
 * accept per credential must happen overall.
 */
final class GuardRacer {
    static final long STEP = 59_000_000L;

    private GuardRacer() {
    }

    /** Runs the race and returns the indices this process accepted. */
    static List<Integer> race(ReplayGuard guard, String prefix, int credentials, int threads, CountDownLatch go)
            throws InterruptedException {
        ConcurrentLinkedQueue<Integer> accepted = new ConcurrentLinkedQueue<>();
        List<Thread> racers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < credentials; i++) {
                    order.add(i);
                }
                java.util.Collections.shuffle(order);
                for (int i : order) {
                    if (guard.tryAccept(prefix + i, STEP)) {
                        accepted.add(i);
                    }
                }
            });
            thread.start();
            racers.add(thread);
        }
        for (Thread thread : racers) {
            thread.join();
        }
        return new ArrayList<>(accepted);
    }

    /**
     * The second process: builds its guard from {@code args[0]} ("redis" or "jdbc"), {@code args[1]} (port or JDBC
     * URL), then prints READY, waits for GO on stdin, races, and prints one "A i" line per accept and DONE.
     */
    public static void main(String[] args) throws Exception {
        String prefix = args[2];
        int credentials = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        try (AutoCloseable guard = GuardFactory.create(args[0], args[1])) {
            // Warm up (class loading, JIT, connections) so this JVM races at full speed from GO on.
            for (int i = 0; i < 300; i++) {
                ((ReplayGuard) guard).tryAccept("warmup-" + prefix + i, STEP);
            }
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(in.readLine())) {
                throw new IllegalStateException("expected GO");
            }
            CountDownLatch go = new CountDownLatch(1);
            go.countDown();
            for (int i : race((ReplayGuard) guard, prefix, credentials, threads, go)) {
                System.out.println("A " + i);
            }
            System.out.println("DONE");
            System.out.flush();
        }
    }

    /** Starts this class's main in a second JVM, on this JVM's class path and module path. */
    static Process spawn(String... args) throws IOException {
        return spawn(GuardRacer.class, args);
    }

    /** Starts a class's main in a second JVM, on this JVM's class path and module path. */
    static Process spawn(Class<?> main, String... args) throws IOException {
        String classPath = System.getProperty("java.class.path");
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            classPath = classPath + File.pathSeparator + modulePath; // surefire may run the tests on the module path
        }
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-cp",
                classPath, main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * Races this JVM's guard against a second JVM's ({@link #main}, built by {@link GuardFactory} from kind and
     * where) over {@code credentials} credentials with {@code threads} threads each, and asserts that every
     * credential's step was accepted exactly once overall, and that both JVMs won some.
     */
    static void raceAgainstSecondJvm(ReplayGuard guard, String kind, String where, int credentials, int threads)
            throws Exception {
        String prefix = "xproc-" + UUID.randomUUID() + "-";
        race(guard, "warmup-" + prefix, 300, threads, new CountDownLatch(0)); // as the other JVM does
        Process other = spawn(kind, where, prefix,
                Integer.toString(credentials), Integer.toString(threads));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("READY", out.readLine(), "the second JVM started");
            CountDownLatch go = new CountDownLatch(1);
            List<Integer> mine = new ArrayList<>();
            Thread local = new Thread(() -> {
                try {
                    mine.addAll(race(guard, prefix, credentials, threads, go));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            local.start();
            PrintStream in = new PrintStream(other.getOutputStream(), true, StandardCharsets.UTF_8);
            in.println("GO");
            go.countDown();
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
}
