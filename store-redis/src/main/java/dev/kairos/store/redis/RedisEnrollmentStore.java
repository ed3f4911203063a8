package dev.kairos.store.redis;

import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.SignInWrite;
import dev.kairos.store.StoredEnrollment;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.Objects;
import java.util.List;
import java.util.function.Supplier;
import java.util.Optional;

/**
 * An {@link EnrollmentStore} on Redis, through one thread-safe Lettuce connection, so that several login servers
 * sharing one Redis share the replay guard and the failure counter of every account.
 *
 * <pre>{@code
 * RedisClient client = RedisClient.create("redis://redis.internal:6379");
 * RedisEnrollmentStore store = RedisEnrollmentStore.builder(client).build();   // opens one connection
 * Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").sealWith(keyRing).build();
 * }</pre>
 *
 * <h2>Keys and values</h2>
 *
 * <p>One string key per account: {@code <prefix><accountId>}, by default {@code kairos:enrollment:alice}. The
 * account id is the key's tail exactly as given (UTF-8, case-sensitive, no escaping: Redis keys are binary-safe), so
 * the SPI's exact comparison holds. The value is the whole {@link EnrollmentRecord} in a small line format whose
 * header carries a format number and the compare-and-set version ({@code kairos-enrollment/4 version=7310432}),
 * followed by the fields a sign-in changes, a blank line, and the rest with its generation; new record fields are
 * added as new lines under a new format number (see {@code docs/stores.md} in the repository). Values of formats 1
 * to 3 are read, and rewritten as format 4 at their next write.
 * Values never expire. Each command and script touches exactly one key, which it names in {@code KEYS}, so the layout also
 * suits Redis Cluster.
 *
 * <h2>The compare-and-set: one round trip per operation</h2>
 *
 * <ul>
 *   <li>{@link #find}, {@link #findStored}: {@code GET}.</li>
 *   <li>{@link #replaceSignInIfVersion} (a sign-in): a Lua script ({@link #SIGN_IN}) that checks the version and
 *       splices the new sign-in lines (about 100 bytes, at most 300 on the wire with the key) onto the stored value;
 *       when it loses it returns the stored sign-in lines, so the service retries without a {@code GET}.</li>
 *   <li>{@link #insertIfAbsent}: {@code SET key value NX}, atomic by itself.</li>
 *   <li>{@link #replaceIfVersion}, {@link #deleteIfVersion}: a Lua script ({@code EVALSHA}, falling back to
 *       {@code EVAL} when Redis answers {@code NOSCRIPT}, e.g. after a restart) that reads the stored version from the
 *       header and writes ({@code SET}) or deletes ({@code DEL}) only if it is the expected one. Redis runs a script
 *       atomically, so of several servers expecting one version exactly one wins; a script writes with one command
 *       after all its checks, so a failing script wrote nothing. Versions are compared as decimal strings (Lua
 *       numbers are doubles, exact only to 2<sup>53</sup>; versions go up to 2<sup>62</sup> and more).</li>
 * </ul>
 *
 * <h2>Durability: what survives a restart</h2>
 *
 * <p>Redis acknowledges a write when it is in memory. With the default persistence (RDB snapshots, e.g. {@code save
 * 3600 1 300 100 60 10000}) a crash or restart loses every write after the last snapshot: accounts come back with an
 * older {@code lastAcceptedStep} and failure count. That opens a <b>replay window</b>: a code accepted after the last
 * snapshot is accepted once more after the restart, as long as it is still inside the skew window (so at most the
 * codes of the last {@code (back + ahead + 1) * period} seconds before the crash), and failure counts restart lower.
 * For the replay guarantee to hold across restarts, run Redis with {@code appendonly yes} and {@code appendfsync
 * always} (every write on disk before the reply); {@code everysec} narrows the window to about one second. A failover
 * to an asynchronous replica has the same effect for the writes it had not received, unless the store waits for
 * replicas ({@link Builder#waitForReplicas}). The table of deployments and their windows is in {@code docs/stores.md}.
 *
 * <h2>Lost replies</h2>
 *
 * <p>A write whose reply does not come (command timeout, connection dropped after the command was sent) throws a
 * {@link RedisStoreException} whose {@link RedisStoreException#outcomeUnknown() outcomeUnknown()} is true: the value
 * is whole, old or new, and the caller must re-read. The store never turns a lost reply into {@code true} or
 * {@code false}: Lettuce re-sends in-flight commands after a reconnect (at-least-once), so a {@code false} that came
 * back across a dropped connection is reported as an unknown outcome too, and a compare-and-set cannot succeed twice.
 *
 * <p>Immutable and thread-safe (Lettuce connections are). {@link #close()} closes the connection (and client) only if
 * the builder opened it.
 */
public final class RedisEnrollmentStore implements EnrollmentStore, AutoCloseable {

    /** The default key prefix. */
    public static final String DEFAULT_KEY_PREFIX = "kairos:enrollment:";

    static final RedisCalls.Script REPLACE = RedisCalls.Script.of("""
            -- KEYS[1]: the account's key; ARGV[1]: the expected version (decimal); ARGV[2]: the new value
            local current = redis.call('GET', KEYS[1])
            if not current then return 0 end
            local version = string.match(current, '^kairos%-enrollment/%d+ version=(%d+)\\n')
            if not version then return -1 end
            if version ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[2])
            return 1
            """);
    static final RedisCalls.Script DELETE = RedisCalls.Script.of("""
            -- KEYS[1]: the account's key; ARGV[1]: the expected version (decimal)
            local current = redis.call('GET', KEYS[1])
            if not current then return 0 end
            local version = string.match(current, '^kairos%-enrollment/%d+ version=(%d+)\\n')
            if not version then return -1 end
            if version ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1])
            return 1
            """);
    /**
     * The sign-in write: splices a new head (header and sign-in lines) onto the stored rest of a format-4 value if
     * the stored version is the expected one. Replies {1} written; {2, stored head, stored generation} not the
     * expected version; {0} no record; {-2} an older format (the caller writes the whole value); {-1} not a record.
     */
    static final RedisCalls.Script SIGN_IN = RedisCalls.Script.of("""
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
            """);

    private final RedisCalls redis;
    private final String keyPrefix;
    private final ReplicaWait replicaWait;

    private RedisEnrollmentStore(Link link, String keyPrefix, ReplicaWait replicaWait) {
        this.redis = new RedisCalls(link, "kairos-store-redis (" + keyPrefix + "*)", replicaWait);
        this.keyPrefix = keyPrefix;
        this.replicaWait = replicaWait;
    }

    /**
     * Starts a builder on a connection the caller owns (and closes). Lettuce connections are thread-safe; the store
     * may share one with the rest of the application.
     *
     * @param connection a connection with the string codec
     * @return a new builder
     * @throws NullPointerException if {@code connection} is null
     */
    public static Builder builder(StatefulRedisConnection<String, String> connection) {
        return new Builder(Link.given(Objects.requireNonNull(connection, "connection")));
    }

    /**
     * Starts a builder that opens one connection from a client the caller owns; {@link #close()} closes that
     * connection, not the client.
     *
     * @param client the client, with the options the application chose (timeouts, reconnect)
     * @return a new builder
     * @throws NullPointerException if {@code client} is null
     */
    public static Builder builder(RedisClient client) {
        return new Builder(Link.from(Objects.requireNonNull(client, "client"), "kairos-store-redis"));
    }

    /**
     * Starts a builder that creates its own client and connection to a URI; {@link #close()} closes both.
     *
     * @param uri e.g. {@code RedisURI.create("redis://localhost:6379")}
     * @return a new builder
     * @throws NullPointerException if {@code uri} is null
     */
    public static Builder builder(RedisURI uri) {
        return new Builder(Link.from(Objects.requireNonNull(uri, "uri"), "kairos-store-redis"));
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
        return new Builder(Link.from(Objects.requireNonNull(client, "client"), "kairos-store-redis"));
    }

    /**
     * Returns the key prefix.
     *
     * @return e.g. {@code "kairos:enrollment:"}
     */
    public String keyPrefix() {
        return keyPrefix;
    }

    /**
     * Returns the Redis key of an account's record.
     *
     * @param accountId the account id, as given
     * @return the prefix followed by the account id
     * @throws NullPointerException if {@code accountId} is null
     */
    public String keyOf(String accountId) {
        return keyPrefix + Objects.requireNonNull(accountId, "accountId");
    }

    /**
     * {@inheritDoc}
     *
     * @throws RedisStoreException if Redis failed, or the stored value is not a valid record (e.g. written by a newer
     *     library); never with an unknown outcome (a read changes nothing)
     */
    @Override
    public Optional<EnrollmentRecord> find(String accountId) {
        return findStored(accountId).map(StoredEnrollment::record);
    }

    /**
     * {@inheritDoc} One {@code GET}; a value older than format 4 reports its version as its generation.
     *
     * @throws RedisStoreException if Redis failed, or the stored value is not a valid record (e.g. written by a newer
     *     library); never with an unknown outcome (a read changes nothing)
     */
    @Override
    public Optional<StoredEnrollment> findStored(String accountId) {
        String key = keyOf(accountId);
        String value = redis.read("find", () -> redis.commands().get(key));
        if (value == null) {
            return Optional.empty();
        }
        StoredEnrollment stored;
        try {
            stored = RecordFormat.decodeStored(value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            // The messages name fields, never their values (no secret, no hash).
            throw redis.invalid("find", "the value of the key for account '" + accountId
                    + "' is not a valid enrollment record: " + e.getMessage());
        }
        if (!stored.record().accountId().equals(accountId)) {
            throw redis.invalid("find", "the value of the key for account '" + accountId
                    + "' holds another account's record");
        }
        return Optional.of(stored);
    }

    /**
     * {@inheritDoc}
     *
     * @throws RedisStoreException if Redis failed: nothing was written, unless
     *     {@link RedisStoreException#outcomeUnknown()}
     */
    @Override
    public boolean insertIfAbsent(EnrollmentRecord record) {
        Objects.requireNonNull(record, "record");
        String key = keyOf(record.accountId());
        String value = RecordFormat.encode(record);
        return redis.write("insertIfAbsent", key,
                () -> "OK".equals(redis.commandsFor(key).set(key, value, SetArgs.Builder.nx())));
    }

    /**
     * {@inheritDoc}
     *
     * @throws RedisStoreException if Redis failed, or the stored value is not a record of this library: nothing was
     *     written, unless {@link RedisStoreException#outcomeUnknown()}
     */
    @Override
    public boolean replaceIfVersion(long expectedVersion, EnrollmentRecord record) {
        Objects.requireNonNull(record, "record");
        EnrollmentStore.checkNextVersion(expectedVersion, record);
        String key = keyOf(record.accountId());
        String value = RecordFormat.encode(record);
        return compareAndSet("replaceIfVersion", REPLACE, key, Long.toString(expectedVersion), value);
    }

    /**
     * {@inheritDoc} One {@code EVALSHA} of a script that checks the version and splices the new sign-in lines onto
     * the stored value: it sends the key, the expected version and those lines (about 100 bytes), and when another
     * version is stored it returns that version's sign-in lines in the same reply ({@link SignInWrite.Lost}). A value
     * older than format 4 is rewritten whole, as format 4, by {@link #replaceIfVersion}'s script (a second round trip,
     * once per account).
     *
     * @throws RedisStoreException if Redis failed, or the stored value is not a record of this library: nothing was
     *     written, unless {@link RedisStoreException#outcomeUnknown()}
     */
    @Override
    public SignInWrite replaceSignInIfVersion(long expectedVersion, long generation, EnrollmentRecord record) {
        Objects.requireNonNull(record, "record");
        EnrollmentStore.checkNextVersion(expectedVersion, record);
        String key = keyOf(record.accountId());
        String expected = Long.toString(expectedVersion);
        String head = RecordFormat.head(record.signInState());
        List<?>[] reply = new List<?>[1];
        boolean written = redis.write("replaceSignInIfVersion", key, () -> {
            reply[0] = redis.runForList(SIGN_IN, key, expected, head);
            return ((Long) reply[0].get(0)) == 1;
        });
        if (written) {
            return new SignInWrite.Written();
        }
        long status = (Long) reply[0].get(0);
        if (status == -1) {
            throw redis.invalid("replaceSignInIfVersion", "the stored value is not a kairos enrollment record (no "
                    + "'kairos-enrollment/N version=V' header); nothing was written");
        }
        if (status == -2) {
            // An older format: written whole (and so upgraded), keeping the caller's generation.
            boolean upgraded = compareAndSet("replaceSignInIfVersion", REPLACE, key, expected,
                    RecordFormat.encode(record, generation));
            return upgraded ? new SignInWrite.Written() : new SignInWrite.Stale();
        }
        if (status == 2 && reply[0].size() == 3 && Long.toString(generation).equals(reply[0].get(2))) {
            try {
                return new SignInWrite.Lost(RecordFormat.decodeHead((String) reply[0].get(1)));
            } catch (IllegalArgumentException e) {
                throw redis.invalid("replaceSignInIfVersion", "the stored value of account '" + record.accountId()
                        + "' has invalid sign-in lines: " + e.getMessage() + "; nothing was written");
            }
        }
        return new SignInWrite.Stale();
    }

    /**
     * {@inheritDoc}
     *
     * @throws RedisStoreException if Redis failed, or the stored value is not a record of this library: nothing was
     *     deleted, unless {@link RedisStoreException#outcomeUnknown()}
     */
    @Override
    public boolean deleteIfVersion(String accountId, long expectedVersion) {
        String key = keyOf(accountId);
        return compareAndSet("deleteIfVersion", DELETE, key, Long.toString(expectedVersion));
    }

    private boolean compareAndSet(String operation, RedisCalls.Script script, String key, String... args) {
        long[] reply = new long[1];
        boolean applied = redis.write(operation, key, () -> {
            reply[0] = redis.run(script, key, args);
            return reply[0] == 1;
        });
        if (reply[0] < 0) {
            throw redis.invalid(operation, "the stored value is not a kairos enrollment record (no "
                    + "'kairos-enrollment/N version=V' header); nothing was written");
        }
        return applied;
    }

    /**
     * Stops listening to the connection, and closes it if the builder opened it (and the client if it created it); a
     * connection passed to {@link #builder(StatefulRedisConnection)} stays open.
     */
    @Override
    public void close() {
        redis.close();
    }

    /**
     * Describes the store: key prefix, no connection details.
     *
     * @return e.g. {@code "RedisEnrollmentStore[keyPrefix=kairos:enrollment:, waitForReplicas=none]"}
     */
    @Override
    public String toString() {
        return "RedisEnrollmentStore[keyPrefix=" + keyPrefix + ", waitForReplicas=" + replicaWait + "]";
    }

    /** Builds a {@link RedisEnrollmentStore}. Not thread-safe; the store it builds is. */
    public static final class Builder {
        private final Supplier<Link> link;
        private ReplicaWait replicaWait = ReplicaWait.NONE;
        private String keyPrefix = DEFAULT_KEY_PREFIX;

        private Builder(Supplier<Link> link) {
            this.link = link;
        }

        /**
         * Sets the key prefix, so that several applications (or tests) keep separate enrollments in one Redis
         * database.
         *
         * @param prefix 1 to 64 characters of printable ASCII without spaces or braces; default
         *     {@value RedisEnrollmentStore#DEFAULT_KEY_PREFIX}
         * @return this builder
         * @throws NullPointerException if {@code prefix} is null
         * @throws IllegalArgumentException if the prefix breaks these rules
         */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = KeyPrefix.check(prefix);
            return this;
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
         * Builds the store, opening a connection unless one was given.
         *
         * @return the store
         * @throws RedisStoreException if the connection could not be opened, or a replica wait was asked for and a
         *     master has fewer replicas online than it asks
         */
        public RedisEnrollmentStore build() {
            RedisEnrollmentStore store = new RedisEnrollmentStore(link.get(), keyPrefix, replicaWait);
            try {
                store.redis.checkReplicas();
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
            return store;
        }
    }
}
