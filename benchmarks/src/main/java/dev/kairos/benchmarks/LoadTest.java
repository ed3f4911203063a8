package dev.kairos.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kairos.core.Secret;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.KeyRing;
import dev.kairos.mfa.LoginCheck;
import dev.kairos.mfa.Outcome;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.jdbc.JdbcEnrollmentStore;
import dev.kairos.store.redis.RedisEnrollmentStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedOutputStream;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Several processes, exactly once: 1, 2 and then 3 JVMs, each embedding {@code Enrollments} on one shared store
 * (an embedded PostgreSQL, then a redis-server, both on 127.0.0.1 and started here), verify the same codes at the
 * same time. Not a unit test and not JMH: a bounded load (a fixed number of codes, and a deadline) whose figures go
 * into RESULTS.md.
 *
 * <p><b>How every code is raced by every process.</b> Time is logical: round r of a run is time step
 * {@code first + r} (15 s into it), set per verifying thread. Every process verifies the right code of every
 * account for every round, in the same order (round by round; its threads share the accounts by index), and all
 * processes start at the same wall-clock instant after warming up on accounts of their own. So each code is
 * submitted once by each process, near the same moment, and exactly one submission must be accepted: the others
 * answer "replayed" (or, for a process running ahead, the code of a later round was accepted first, which also
 * makes this one a replay: still at most one acceptance per code, and a round is only reached after the previous
 * one was accepted by someone). The parent adds up, per code, the acceptances reported by all processes.
 *
 * <p>Redis counts the commands a script runs too: each {@code evalsha} of the compare-and-set adds one
 * {@code get} and one {@code set} to the counters.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.kairos.benchmarks.LoadTest [store=postgres,redis]
 * [accounts=200] [rounds=170] [threads=4] [processes=1,2,3] [seconds=240]}.
 */
public final class LoadTest {

    static final Instant BASE = Instant.parse("2026-03-01T10:00:15Z");
    static final long BASE_STEP = BASE.getEpochSecond() / 30;
    static final int WARM_ACCOUNTS = 16;
    static final int WARM_ROUNDS = 120;
    static final byte[] SEAL_KEY = new byte[32];

    static {
        Arrays.fill(SEAL_KEY, (byte) 7);
    }

    private LoadTest() {
    }

    /** Each verifying thread's "now". */
    static final ThreadLocal<Instant> NOW = ThreadLocal.withInitial(() -> BASE);

    static final Clock THREAD_CLOCK = new Clock() {
        @Override
        public Instant instant() {
            return NOW.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };

    /** A store and what must be closed with it. */
    record Opened(EnrollmentStore store, AutoCloseable resources) {
    }

    static Opened open(String kind, String url, int poolSize) {
        if (kind.equals("redis")) {
            RedisClient client = RedisClient.create(RedisURI.create(url));
            StatefulRedisConnection<String, String> c = client.connect();
            return new Opened(RedisEnrollmentStore.builder(c).build(), () -> {
                c.close();
                client.shutdown();
            });
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(poolSize);
        HikariDataSource pool = new HikariDataSource(config);
        return new Opened(JdbcEnrollmentStore.create(pool).createSchemaIfMissing(), pool);
    }

    static Enrollments service(EnrollmentStore store) {
        return Enrollments.builder(store).issuer("Load").clock(THREAD_CLOCK).sealWith(KeyRing.of("k1", SEAL_KEY))
                .build();
    }

    // ---------------------------------------------------------------------------------------------------- parent

    /**
     * Runs the load for each store and number of processes and prints a Markdown report.
     *
     * @param args {@code key=value} options, see the class comment
     * @throws Exception if a database or a process fails
     */
    public static void main(String[] args) throws Exception {
        String stores = option(args, "store", "postgres,redis");
        int accounts = Integer.parseInt(option(args, "accounts", "200"));
        int rounds = Integer.parseInt(option(args, "rounds", "170"));
        int threads = Integer.parseInt(option(args, "threads", "4"));
        int seconds = Integer.parseInt(option(args, "seconds", "240"));
        int[] processes = Arrays.stream(option(args, "processes", "1,2,3").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Load test: %d accounts x %d rounds per run, %d threads per process, "
                + "deadline %d s per run; %d cores; load average before: %s%n%n", accounts, rounds, threads, seconds,
                Runtime.getRuntime().availableProcessors(), loadAverage()));
        report.append("| store | processes | verifications | codes | accepted once | accepted twice or more | "
                + "never accepted | replayed answers | errors | wall s | verifications/s | × 1 process | p50 µs | "
                + "p99 µs | database |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (String kind : stores.split(",")) {
            runStore(kind, accounts, rounds, threads, seconds, processes, report);
        }
        report.append(String.format(Locale.ROOT, "%nload average after: %s%n", loadAverage()));
        System.out.println();
        System.out.print(report);
        String out = option(args, "out", "");
        if (!out.isEmpty()) {
            Files.writeString(Path.of(out), report.toString());
        }
    }

    static String option(String[] args, String name, String fallback) {
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                return a.substring(name.length() + 1);
            }
        }
        return fallback;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static void runStore(String kind, int accounts, int rounds, int threads, int seconds, int[] processes,
            StringBuilder report) throws Exception {
        EmbeddedPostgres postgres = null;
        RedisProcess redis = null;
        String url;
        if (kind.equals("redis")) {
            redis = RedisProcess.start();
            url = redis.uri();
        } else {
            postgres = EmbeddedPostgres.builder().start();
            url = postgres.getJdbcUrl("postgres", "postgres");
        }
        Path dir = Files.createTempDirectory("kairos-load-");
        try {
            int maxProcesses = Arrays.stream(processes).max().orElse(1);
            Path accountsFile = dir.resolve("accounts.tsv");
            System.out.println("== " + kind + ": enrolling " + accounts + " + " + maxProcesses * WARM_ACCOUNTS
                    + " accounts");
            enroll(kind, url, accounts, maxProcesses, accountsFile);
            double oneProcess = 0;
            for (int run = 0; run < processes.length; run++) {
                int p = processes[run];
                long firstStep = BASE_STEP + 1 + (long) run * (rounds + WARM_ROUNDS + 1);
                long startAt = System.currentTimeMillis() + 12_000; // JVM start, connect, codes, warm-up
                long deadline = startAt + seconds * 1000L;
                List<Process> children = new ArrayList<>();
                List<Path> outputs = new ArrayList<>();
                for (int c = 0; c < p; c++) {
                    Path out = dir.resolve("run" + run + "-child" + c + ".bin");
                    outputs.add(out);
                    String java = ProcessHandle.current().info().command().orElse("java");
                    String classpath = System.getProperty("java.class.path");
                    children.add(new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, Worker.class.getName(), kind,
                            url, accountsFile.toString(), Integer.toString(c), Integer.toString(accounts),
                            Integer.toString(rounds), Long.toString(firstStep), Integer.toString(threads),
                            Long.toString(startAt), Long.toString(deadline), out.toString())
                            .inheritIO().start());
                }
                // The server's counters from the start of the measured part (the workers' warm-up ends before).
                long wait = startAt - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                String before = databaseStats(kind, url, null);
                for (Process child : children) {
                    if (!child.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
                        child.destroyForcibly();
                        throw new IllegalStateException("a worker did not finish");
                    }
                    if (child.exitValue() != 0) {
                        throw new IllegalStateException("a worker failed with exit code " + child.exitValue());
                    }
                }
                Thread.sleep(1500); // PostgreSQL publishes its statistics with a delay of about 0.5 s
                String dbStats = databaseStats(kind, url, before);
                int codes = accounts * rounds;
                int[] acceptedPerCode = new int[codes];
                long verifications = 0;
                long replayed = 0;
                long errors = 0;
                long start = Long.MAX_VALUE;
                long end = 0;
                List<long[]> latencies = new ArrayList<>();
                for (Path out : outputs) {
                    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(out)))) {
                        start = Math.min(start, in.readLong());
                        end = Math.max(end, in.readLong());
                        verifications += in.readLong();
                        replayed += in.readLong();
                        errors += in.readLong();
                        int n = in.readInt();
                        for (int i = 0; i < n; i++) {
                            acceptedPerCode[i] += in.readByte();
                        }
                        long[] lat = new long[in.readInt()];
                        for (int i = 0; i < lat.length; i++) {
                            lat[i] = in.readLong();
                        }
                        latencies.add(lat);
                    }
                }
                long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
                int once = 0;
                int more = 0;
                int never = 0;
                for (int a : acceptedPerCode) {
                    if (a == 1) {
                        once++;
                    } else if (a == 0) {
                        never++;
                    } else {
                        more++;
                    }
                }
                double wall = (end - start) / 1e3;
                double throughput = verifications / wall;
                if (p == 1) {
                    oneProcess = throughput;
                }
                String row = String.format(Locale.ROOT, "| %s | %d | %,d | %,d | %,d | %d | %,d | %,d | %,d | %.1f | "
                        + "%,.0f | %s | %,.0f | %,.0f | %s |%n", kind, p, verifications, codes, once, more, never,
                        replayed, errors, wall, throughput, oneProcess > 0 ? String.format(Locale.ROOT, "%.2f",
                                throughput / oneProcess) : "", percentile(all, 0.50) / 1e3,
                        percentile(all, 0.99) / 1e3, dbStats);
                System.out.print(row);
                report.append(row);
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            try (var files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(f -> f.toFile().delete());
            }
        }
    }

    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** Enrolls the raced accounts and each worker's warm-up accounts, and writes their ids and secrets. */
    private static void enroll(String kind, String url, int accounts, int workers, Path file) throws Exception {
        Opened opened = open(kind, url, 2);
        try {
            Enrollments mfa = service(opened.store());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < accounts; i++) {
                ids.add("race-" + i);
            }
            for (int c = 0; c < workers; c++) {
                for (int i = 0; i < WARM_ACCOUNTS; i++) {
                    ids.add("warm-" + c + "-" + i);
                }
            }
            String[] lines = new String[ids.size()];
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                int k = i;
                done.add(pool.submit(() -> {
                    NOW.set(BASE);
                    String id = ids.get(k);
                    PendingEnrollment p = mfa.begin(id, id + "@load.test").pending().orElseThrow();
                    String code = Fixtures.sixDigits(Fixtures.reference(p.secret().bytes(), BASE_STEP, 6));
                    if (!mfa.confirm(id, p.handle(), code).succeeded()) {
                        throw new IllegalStateException("confirmation refused for " + id);
                    }
                    lines[k] = id + "\t" + p.secret().toBase32();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            Files.write(file, List.of(lines), StandardCharsets.US_ASCII);
        } finally {
            opened.resources().close();
        }
    }

    /** Transactions committed (PostgreSQL) or commands run (Redis) during a run, from the server's own counters. */
    private static String databaseStats(String kind, String url, String before) throws Exception {
        if (kind.equals("redis")) {
            RedisClient client = RedisClient.create(RedisURI.create(url));
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                if (before == null) {
                    c.sync().configResetstat();
                    return "";
                }
                StringBuilder sb = new StringBuilder();
                for (String line : c.sync().info("commandstats").split("\r?\n")) {
                    if (line.startsWith("cmdstat_get:") || line.startsWith("cmdstat_evalsha:")
                            || line.startsWith("cmdstat_set:")) {
                        // cmdstat_get:calls=N,usec=U,usec_per_call=X,...
                        String[] f = line.split("[:,]");
                        sb.append(f[0].substring("cmdstat_".length())).append(' ').append(f[1]).append(' ')
                                .append(f[3]).append("; ");
                    }
                }
                return sb.toString().trim();
            } finally {
                client.shutdown();
            }
        }
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT xact_commit, xact_rollback FROM pg_stat_database "
                        + "WHERE datname = current_database()")) {
            rs.next();
            long commits = rs.getLong(1);
            long rollbacks = rs.getLong(2);
            if (before == null) {
                return commits + " " + rollbacks;
            }
            String[] b = before.split(" ");
            return String.format(Locale.ROOT, "xact_commit +%,d, xact_rollback +%,d", commits - Long.parseLong(b[0]),
                    rollbacks - Long.parseLong(b[1]));
        }
    }

    // ---------------------------------------------------------------------------------------------------- worker

    /** One process of the load: verifies every raced code once, then writes what it saw. */
    public static final class Worker {
        private Worker() {
        }

        /**
         * Runs one worker; arguments as written by {@link LoadTest#main}.
         *
         * @param args store kind, URL, accounts file, worker index, accounts, rounds, first step, threads, start
         *     time, deadline (epoch ms), output file
         * @throws Exception if the store fails
         */
        public static void main(String[] args) throws Exception {
            String kind = args[0];
            String url = args[1];
            List<String> lines = Files.readAllLines(Path.of(args[2]), StandardCharsets.US_ASCII);
            int worker = Integer.parseInt(args[3]);
            int accounts = Integer.parseInt(args[4]);
            int rounds = Integer.parseInt(args[5]);
            long firstStep = Long.parseLong(args[6]);
            int threads = Integer.parseInt(args[7]);
            long startAt = Long.parseLong(args[8]);
            long deadline = Long.parseLong(args[9]);
            Path out = Path.of(args[10]);

            String[] ids = new String[accounts];
            byte[][] keys = new byte[accounts][];
            List<String> warmIds = new ArrayList<>();
            List<byte[]> warmKeys = new ArrayList<>();
            for (String line : lines) {
                String[] f = line.split("\t");
                byte[] key = Secret.fromBase32(f[1]).bytes();
                if (f[0].startsWith("race-")) {
                    int i = Integer.parseInt(f[0].substring("race-".length()));
                    ids[i] = f[0];
                    keys[i] = key;
                } else if (f[0].startsWith("warm-" + worker + "-")) {
                    warmIds.add(f[0]);
                    warmKeys.add(key);
                }
            }
            // Codes before the clock starts: the load measures the service, not the code generator.
            String[][] codes = new String[rounds][accounts];
            for (int r = 0; r < rounds; r++) {
                for (int a = 0; a < accounts; a++) {
                    codes[r][a] = Fixtures.sixDigits(Fixtures.reference(keys[a], firstStep + WARM_ROUNDS + r, 6));
                }
            }
            Opened opened = open(kind, url, threads);
            Enrollments mfa = service(opened.store());

            // Warm-up on this worker's own accounts (no race), on the steps before the raced ones.
            for (int r = 0; r < WARM_ROUNDS && System.currentTimeMillis() < startAt - 500; r++) {
                long step = firstStep + r;
                NOW.set(Instant.ofEpochSecond(step * 30 + 15));
                for (int i = 0; i < warmIds.size(); i++) {
                    String code = Fixtures.sixDigits(Fixtures.reference(warmKeys.get(i), step, 6));
                    if (!mfa.verify(warmIds.get(i), code).isAccepted()) {
                        throw new IllegalStateException("warm-up refused");
                    }
                }
            }

            byte[] accepted = new byte[accounts * rounds];
            long[][] latency = new long[threads][];
            long[] replayed = new long[threads];
            long[] errors = new long[threads];
            int[] count = new int[threads];
            long wait = startAt - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            long start = System.currentTimeMillis();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                latency[me] = new long[(accounts / threads + 1) * rounds];
                done.add(pool.submit(() -> {
                    int n = 0;
                    outer:
                    for (int r = 0; r < rounds; r++) {
                        NOW.set(Instant.ofEpochSecond((firstStep + WARM_ROUNDS + r) * 30 + 15));
                        for (int a = me; a < accounts; a += threads) {
                            if ((n & 63) == 0 && System.currentTimeMillis() > deadline) {
                                break outer;
                            }
                            long t0 = System.nanoTime();
                            try {
                                LoginCheck result = mfa.verify(ids[a], codes[r][a]);
                                latency[me][n++] = System.nanoTime() - t0;
                                if (result.isAccepted()) {
                                    accepted[r * accounts + a] = 1;
                                } else if (result instanceof Outcome.Replayed) {
                                    replayed[me]++;
                                } else {
                                    errors[me]++;
                                }
                            } catch (RuntimeException e) {
                                latency[me][n++] = System.nanoTime() - t0;
                                errors[me]++;
                            }
                        }
                    }
                    count[me] = n;
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            long end = System.currentTimeMillis();
            pool.shutdown();
            opened.resources().close();

            long total = 0;
            for (int c : count) {
                total += c;
            }
            try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out)))) {
                o.writeLong(start);
                o.writeLong(end);
                o.writeLong(total);
                o.writeLong(Arrays.stream(replayed).sum());
                o.writeLong(Arrays.stream(errors).sum());
                o.writeInt(accepted.length);
                o.write(accepted);
                o.writeInt((int) total);
                for (int t = 0; t < threads; t++) {
                    for (int i = 0; i < count[t]; i++) {
                        o.writeLong(latency[t][i]);
                    }
                }
            }
            System.exit(0); // Lettuce and Hikari threads
        }
    }
}
