package dev.kairos.store.redis;

import dev.kairos.core.ReplayGuard;
import dev.kairos.core.SkewWindow;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link ReplayGuard} on Redis, shared by every server that uses the core engine ({@code TotpVerifier}) without
 * an enrollment store: of N concurrent {@link #tryAccept} calls for one credential and step, from any threads and
 * servers, exactly one returns true.
 *
 * <pre>{@code
 * ReplayGuard guard = RedisReplayGuard.builder(client)
 *         .retentionFor(params.period(), SkewWindow.of(1, 1))   // how long a step can matter
 *         .build();
 * TotpVerifier verifier = TotpVerifier.builder().window(SkewWindow.of(1, 1)).replayGuard(guard).build();
 * }</pre>
 *
 * <p><b>Keys.</b> One string key per credential, {@code <prefix><credentialId>} (default
 * {@code kairos:replay:alice}), holding the last accepted time step in decimal, with an expiry of the configured
 * retention, renewed on every accept. <b>One round trip:</b> a Lua script ({@code EVALSHA}, {@code EVAL} after
 * {@code NOSCRIPT}) accepts only if the step is greater than the stored one, then {@code SET key step PX retention};
 * Redis runs it atomically. Steps are compared as decimal strings, exactly (Lua numbers are doubles).
 *
 * <p><b>Expiry.</b> A stored step stops mattering once no code for it or an earlier step can be accepted any more:
 * {@code back + ahead + 1} periods after it was accepted; {@link ReplayGuard#retentionFor} keeps it one period longer
 * for clock differences between servers. Letting it expire is safe; keeping it shorter than that is not.
 *
 * <p><b>Restarts and lost replies</b> are as for {@link RedisEnrollmentStore}: with RDB snapshots only, steps
 * accepted after the last snapshot are forgotten on a crash, and a code can be accepted again while it is still in
 * the skew window (use {@code appendfsync always} to close that window, and {@link Builder#waitForReplicas} against a
 * failover to a replica); a lost reply throws a
 * {@link RedisStoreException} with {@code outcomeUnknown()}, never a second {@code true}.
 *
 * <p>Immutable and thread-safe. {@link #close()} closes the connection (and client) only if the builder opened it.
 */
public final class RedisReplayGuard implements ReplayGuard, AutoCloseable {

    /** The default key prefix. */
    public static final String DEFAULT_KEY_PREFIX = "kairos:replay:";
    /** The longest credential id, in characters (as an account id). */
    public static final int MAX_CREDENTIAL_ID_LENGTH = 256;

    static final RedisCalls.Script ACCEPT = RedisCalls.Script.of("""
            -- KEYS[1]: the credential's key; ARGV[1]: the time step (decimal, >= 0); ARGV[2]: the retention in ms
            local current = redis.call('GET', KEYS[1])
            if current then
              if not string.match(current, '^%d+$') then return -1 end
              -- Decimal strings without leading zeros: longer is greater; same length compares as text.
              if #ARGV[1] < #current or (#ARGV[1] == #current and ARGV[1] <= current) then return 0 end
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """);

    private final RedisCalls redis;
    private final String keyPrefix;
    private final Duration retention;
    private final String retentionMillis;
    private final ReplicaWait replicaWait;

    private RedisReplayGuard(Link link, String keyPrefix, Duration retention, ReplicaWait replicaWait) {
        this.redis = new RedisCalls(link, "kairos RedisReplayGuard (" + keyPrefix + "*)", replicaWait);
        this.keyPrefix = keyPrefix;
        this.retention = retention;
        this.retentionMillis = Long.toString(retention.toMillis());
        this.replicaWait = replicaWait;
    }

    /**
     * Starts a builder on a connection the caller owns.
     *
     * @param connection a connection with the string codec
     * @return a new builder
     * @throws NullPointerException if {@code connection} is null
     */
    public static Builder builder(StatefulRedisConnection<String, String> connection) {
        return new Builder(Link.given(Objects.requireNonNull(connection, "connection")));
    }

    /**
     * Starts a builder that opens one connection from a client the caller owns.
     *
     * @param client the client
     * @return a new builder
     * @throws NullPointerException if {@code client} is null
     */
    public static Builder builder(RedisClient client) {
        return new Builder(Link.from(Objects.requireNonNull(client, "client"), "kairos RedisReplayGuard"));
    }

    /**
     * Starts a builder that creates its own client and connection to a URI.
     *
     * @param uri the Redis URI
     * @return a new builder
     * @throws NullPointerException if {@code uri} is null
     */
    public static Builder builder(RedisURI uri) {
        return new Builder(Link.from(Objects.requireNonNull(uri, "uri"), "kairos RedisReplayGuard"));
    }

    /**
     * Starts a builder on a Redis Cluster connection the caller owns (and closes). Each command and script touches
     * one key, so the cluster connection routes every call to the master of that key's slot; a master that fails
     * delays or fails only the calls for its own slots. For the client options that keep it so during a failover
     * (adaptive topology refresh, commands to a disconnected node refused at once), see {@code docs/stores.md}.
     *
     * @param connection a cluster connection with the string codec
     * @return a new builder
     * @throws NullPointerException if {@code connection} is null
     */
    public static Builder builder(StatefulRedisClusterConnection<String, String> connection) {
        return new Builder(Link.given(Objects.requireNonNull(connection, "connection")));
    }

    /**
     * Starts a builder that opens one cluster connection from a Redis Cluster client the caller owns; {@link #close()}
     * closes that connection, not the client.
     *
     * @param client the cluster client, with the options the application chose (timeouts, topology refresh)
     * @return a new builder
     * @throws NullPointerException if {@code client} is null
     */
    public static Builder builder(RedisClusterClient client) {
        return new Builder(Link.from(Objects.requireNonNull(client, "client"), "kairos RedisReplayGuard"));
    }

    /**
     * Accepts a time step for a credential if it is greater than the last one accepted (and not yet expired), in one
     * atomic script.
     *
     * @param credentialId identifies the secret: 1 to 256 characters, not blank
     * @param timeStep the time step, 0 or more
     * @return true if accepted and recorded; false if this step or a later one was accepted before
     * @throws NullPointerException if {@code credentialId} is null
     * @throws IllegalArgumentException if {@code credentialId} is blank or too long, or {@code timeStep} is negative
     * @throws RedisStoreException if Redis failed; with {@code outcomeUnknown()} if the step may have been recorded
     */
    @Override
    public boolean tryAccept(String credentialId, long timeStep) {
        checkCredentialId(credentialId);
        if (timeStep < 0) {
            throw new IllegalArgumentException("timeStep must be 0 or more, got " + timeStep);
        }
        String key = keyPrefix + credentialId;
        String step = Long.toString(timeStep);
        long[] reply = new long[1];
        boolean accepted = redis.write("tryAccept", key, () -> {
            reply[0] = redis.run(ACCEPT, key, step, retentionMillis);
            return reply[0] == 1;
        });
        if (reply[0] < 0) {
            throw redis.invalid("tryAccept", "the value of the key for credential '" + credentialId
                    + "' is not a time step; nothing was written");
        }
        return accepted;
    }

    static void checkCredentialId(String credentialId) {
        Objects.requireNonNull(credentialId, "credentialId");
        if (credentialId.isBlank() || credentialId.length() > MAX_CREDENTIAL_ID_LENGTH) {
            throw new IllegalArgumentException("credentialId must be 1 to " + MAX_CREDENTIAL_ID_LENGTH
                    + " characters and not blank, got " + credentialId.length() + " characters");
        }
    }

    /**
     * Returns how long an accepted step is kept.
     *
     * @return the retention, 1 millisecond or more
     */
    public Duration retention() {
        return retention;
    }

    /** Closes the connection if the builder opened it (and the client if it created it). */
    @Override
    public void close() {
        redis.close();
    }

    /**
     * Describes the guard: key prefix and retention.
     *
     * @return e.g. {@code "RedisReplayGuard[keyPrefix=kairos:replay:, retention=PT2M, waitForReplicas=none]"}
     */
    @Override
    public String toString() {
        return "RedisReplayGuard[keyPrefix=" + keyPrefix + ", retention=" + retention + ", waitForReplicas="
                + replicaWait + "]";
    }

    /** Builds a {@link RedisReplayGuard}; a retention must be chosen. Not thread-safe; the guard it builds is. */
    public static final class Builder {
        private final Supplier<Link> link;
        private ReplicaWait replicaWait = ReplicaWait.NONE;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private Duration retention;

        private Builder(Supplier<Link> link) {
            this.link = link;
        }

        /**
         * Sets the key prefix.
         *
         * @param prefix 1 to 64 characters of printable ASCII without spaces or braces; default
         *     {@value RedisReplayGuard#DEFAULT_KEY_PREFIX}
         * @return this builder
         * @throws NullPointerException if {@code prefix} is null
         * @throws IllegalArgumentException if the prefix breaks these rules
         */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = KeyPrefix.check(prefix);
            return this;
        }

        /**
         * Sets how long an accepted step is kept after its accept.
         *
         * @param retention 1 millisecond or more; to be safe, at least {@code back + ahead + 1} periods
         * @return this builder
         * @throws NullPointerException if {@code retention} is null
         * @throws IllegalArgumentException if it is shorter than 1 millisecond
         */
        public Builder retention(Duration retention) {
            Objects.requireNonNull(retention, "retention");
            if (retention.toMillis() < 1) {
                throw new IllegalArgumentException("retention must be 1 ms or more, got " + retention);
            }
            this.retention = retention;
            return this;
        }

        /**
         * Sets the retention from the TOTP period and the verifier's skew window ({@link ReplayGuard#retentionFor}).
         *
         * @param period the TOTP period
         * @param window the verifier's skew window
         * @return this builder
         * @throws NullPointerException if an argument is null
         * @throws IllegalArgumentException if the period is not 1 second to 1 day
         */
        public Builder retentionFor(Duration period, SkewWindow window) {
            return retention(ReplayGuard.retentionFor(period, window));
        }

        /**
         * Reports a write as done only once {@code replicas} replicas of the master that took it have acknowledged it
         * ({@code WAIT replicas timeout} on the connection that sent the write), so that a failover to one of them
         * cannot lose it and an accepted code cannot be accepted again. A write that fewer replicas acknowledged within
         * the timeout throws a {@link RedisStoreException} with {@code outcomeUnknown()}: never a success, although
         * the master has it. {@link #build()} refuses to build when a master has fewer replicas online. With a cluster
         * connection, writes then go straight to the key's master (a {@code MOVED} after a failover is an error
         * until the topology is refreshed). Default: no wait (a write is done once the master has it in memory).
         *
         * @param replicas how many replicas must acknowledge, 1 to 16
         * @param timeout how long to wait for them, 1 ms to 1 minute
         * @return this builder
         * @throws NullPointerException if {@code timeout} is null
         * @throws IllegalArgumentException if an argument is out of range
         */
        public Builder waitForReplicas(int replicas, Duration timeout) {
            this.replicaWait = ReplicaWait.of(replicas, timeout);
            return this;
        }

        /**
         * Builds the guard, opening a connection unless one was given.
         *
         * @return the guard
         * @throws IllegalStateException if no retention was chosen
         * @throws RedisStoreException if the connection could not be opened, or a replica wait was asked for and a
         *     master has fewer replicas online than it asks
         */
        public RedisReplayGuard build() {
            if (retention == null) {
                throw new IllegalStateException("choose how long steps are kept: retentionFor(period, window) or "
                        + "retention(duration)");
            }
            RedisReplayGuard guard = new RedisReplayGuard(link.get(), keyPrefix, retention, replicaWait);
            try {
                guard.redis.checkReplicas();
            } catch (RuntimeException e) {
                guard.close();
                throw e;
            }
            return guard;
        }
    }
}
