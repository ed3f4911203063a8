package dev.kairos.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kairos.core.ReplayGuard;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Races {@link ReplayGuard#tryAccept} over many credentials, with several threads, in this JVM or in a second one
 * ({@link #main}): every thread calls {@code tryAccept(prefix + i, STEP)} for every i, each thread in its own random
 * order, so both processes keep hitting credentials the other is working on. Exactly one accept per credential must
 * happen overall.
 */
final class GuardRacer {
    static final long STEP = 59_000_000L;

    private GuardRacer() {
    }

    /** Runs the race and returns the indices this process accepted. */
    static List<Integer> race(ReplayGuard guard, String prefix, int credentials, int threads, CountDownLatch go)
            throws InterruptedException {
        ConcurrentLinkedQueue<Integer> accepted = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
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
                        if (guard.tryAccept(prefix + i, STEP)) {
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
        for (Thread thread : racers) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a racer failed: " + failures.peek(), failures.peek());
        }
        return new ArrayList<>(accepted);
    }

    static HikariDataSource pool(String jdbcUrl, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        return new HikariDataSource(config);
    }

    /**
     * The second process: a guard on {@code args[0]} (a JDBC URL), then READY, GO on stdin, the race, one "A i" line
     * per accept, DONE.
     */
    public static void main(String[] args) throws Exception {
        String prefix = args[1];
        int credentials = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        try (HikariDataSource pool = pool(args[0], threads)) {
            ReplayGuard guard = JdbcReplayGuard.builder(pool).retention(Duration.ofMinutes(5)).build();
            race(guard, "warmup-" + prefix, 200, threads, new CountDownLatch(0));
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(in.readLine())) {
                throw new IllegalStateException("expected GO");
            }
            for (int i : race(guard, prefix, credentials, threads, new CountDownLatch(0))) {
                System.out.println("A " + i);
            }
            System.out.println("DONE");
            System.out.flush();
        }
    }

    /** Starts this class's main in a second JVM, on this JVM's class path and module path. */
    static Process spawn(String... args) throws IOException {
        String classPath = System.getProperty("java.class.path");
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            classPath = classPath + File.pathSeparator + modulePath; // surefire may run the tests on the module path
        }
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-cp",
                classPath, GuardRacer.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
