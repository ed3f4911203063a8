package dev.kairos.store.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The one place where commands are sent and failures classified, shared by the store and the guard.
 *
 * <p><b>Why a disconnect counter.</b> Lettuce's default reliability with auto-reconnect is at-least-once: a command
 * that was written to a connection that then dropped is written again after the reconnect, and its future completes
 * with the reply to that second delivery. For a compare-and-set that first delivery may have applied, so the second
 * answers "version mismatch" ({@code false}) for a write that did happen. A {@code false} is only trusted when the
 * connection did not drop while the command was in flight; otherwise the call throws with
 * {@link RedisStoreException#outcomeUnknown()}. A {@code true} is always true: a compare-and-set cannot apply twice.
 */
final class RedisCalls {
    private final Link link;
    private final String what;
    private final ReplicaWait replicaWait;
    /**
     * Disconnects per connection (the standalone one, or each cluster node connection): a write's {@code false} is
     * doubted only if the connection it went out on dropped, so a dead master does not cast doubt on the replies of
     * the others. {@code total} counts them all, for a write whose connection is not known in advance.
     */
    private final Map<Object, AtomicLong> disconnects = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    /** The connections the listener is on: the standalone one, or each cluster node connection a write went to. */
    private final Set<StatefulConnection<String, String>> listenedTo = ConcurrentHashMap.newKeySet();
    private final RedisConnectionStateListener listener = new RedisConnectionStateListener() {
        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
            disconnects.computeIfAbsent(handler, h -> new AtomicLong()).incrementAndGet();
            total.incrementAndGet();
        }
    };

    RedisCalls(Link link, String what, ReplicaWait replicaWait) {
        this.link = link;
        this.what = what;
        this.replicaWait = replicaWait;
        listenTo(link.connection());
    }

    private void listenTo(StatefulConnection<String, String> connection) {
        if (listenedTo.add(connection)) {
            connection.addListener(listener);
        }
    }

    /** Stops counting disconnects (the connections may live on, shared with the application), closes what we own. */
    void close() {
        for (StatefulConnection<String, String> c : listenedTo) {
            c.removeListener(listener);
        }
        link.close();
    }

    RedisClusterCommands<String, String> commands() {
        return link.commands();
    }

    /**
     * The commands a write to this key goes through. Without a replica wait: the routed commands (a cluster
     * connection follows {@code MOVED} and {@code ASK}). With one: the key's master's own connection, so that the
     * {@code WAIT} after the write runs on the connection that sent it ({@code WAIT} counts the writes of its own
     * client only, so on another connection it would return at once and prove nothing).
     */
    RedisClusterCommands<String, String> commandsFor(String key) {
        if (!link.cluster()) {
            return link.commands();
        }
        if (replicaWait.none() && !link.knowsMasterOf(key)) {
            // Lettuce sends it to some node, whose MOVED reply it follows and which triggers a topology refresh.
            return link.commands();
        }
        StatefulRedisConnection<String, String> master = link.masterOf(key);
        return replicaWait.none() ? link.commands() : master.sync();
    }

    /**
     * The disconnect counter of the connection a write to this key goes out on now, with the listener on it (a
     * cluster node connection drops on its own; the listener must be on it before the write is sent); the counter of
     * every connection when that is not known (a cluster slot without a known master).
     */
    private AtomicLong disconnectsOf(String key) {
        StatefulConnection<String, String> connection;
        if (!link.cluster()) {
            connection = link.connection();
        } else if (link.knowsMasterOf(key)) {
            connection = link.masterOf(key);
            listenTo(connection);
        } else {
            return total;
        }
        return disconnects.computeIfAbsent(connection, c -> new AtomicLong());
    }

    /**
     * Refuses to build when a master has fewer replicas online than the wait asks for: the promise could not be
     * kept from the first write on.
     */
    void checkReplicas() {
        if (replicaWait.none()) {
            return;
        }
        for (Link.Master master : link.masters()) {
            String info = read("INFO replication", () -> master.connection().sync().info("replication"));
            int online = ReplicaWait.onlineReplicas(info);
            if (online < replicaWait.replicas()) {
                throw new RedisStoreException(what + ": asked to wait for " + replicaWait.replicas()
                        + " replica(s) before reporting a write, but " + master.name() + " has " + online
                        + " replica(s) online (INFO replication); every write would be refused", null, false);
            }
        }
    }

    /** A Lua script with its SHA-1, run with EVALSHA and, after a restart emptied the script cache, EVAL. */
    record Script(String source, String sha1) {
        static Script of(String source) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
                return new Script(source, HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is required of every JDK", e);
            }
        }
    }

    /** Runs a script on one key and returns its integer reply. */
    long run(Script script, String key, String... args) {
        String[] keys = {key};
        RedisClusterCommands<String, String> commands = commandsFor(key);
        try {
            return commands.<Long>evalsha(script.sha1(), ScriptOutputType.INTEGER, keys, args);
        } catch (RedisNoScriptException e) {
            // NOSCRIPT: nothing ran (the script cache is empty after a restart or SCRIPT FLUSH); send the source.
            return commands.<Long>eval(script.source(), ScriptOutputType.INTEGER, keys, args);
        }
    }

    /** Runs a script on one key and returns its array reply (integers as {@code Long}, strings as {@code String}). */
    List<Object> runForList(Script script, String key, String... args) {
        String[] keys = {key};
        RedisClusterCommands<String, String> commands = commandsFor(key);
        try {
            return commands.<List<Object>>evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException e) {
            return commands.<List<Object>>eval(script.source(), ScriptOutputType.MULTI, keys, args);
        }
    }

    /** Runs a read: any failure changed nothing. */
    <T> T read(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (RedisException e) {
            throw failure(operation, e, false);
        }
    }

    /**
     * Runs a conditional write whose result says whether it applied. A {@code false} that came back across a dropped
     * connection may answer a second delivery of a write that applied, so it is reported as an unknown outcome.
     */
    boolean write(String operation, String key, Supplier<Boolean> call) {
        AtomicLong counter;
        try {
            counter = disconnectsOf(key);
        } catch (RedisException e) {
            throw failure(operation, e, false); // no connection to the key's master: nothing was sent
        }
        long before = counter.get();
        boolean applied;
        try {
            applied = call.get();
        } catch (RedisException e) {
            // An error reply means Redis refused the command (our scripts check before their single write); anything
            // else (timeout, connection closed, interrupted) may have come after the command was sent.
            throw failure(operation, e, !(e instanceof RedisCommandExecutionException));
        }
        if (!applied && counter.get() != before) {
            throw new RedisStoreException(what + " " + operation + ": the connection dropped while the command was "
                    + "in flight and Lettuce may have sent it again after reconnecting, so 'not applied' may answer a "
                    + "second delivery of a write that was applied; re-read before reporting an outcome", null, true);
        }
        if (applied && !replicaWait.none()) {
            awaitReplicas(operation, key);
        }
        return applied;
    }

    /**
     * After an applied write: {@code WAIT} on the connection that sent it. Too few acknowledgements within the timeout
     * is an error with an unknown outcome, never a success: the write is on the master, but a failover now could
     * lose it, and then the accepted code could be accepted again.
     */
    private void awaitReplicas(String operation, String key) {
        long acknowledged;
        try {
            acknowledged = link.masterOf(key).sync().waitForReplication(replicaWait.replicas(),
                    replicaWait.timeout().toMillis());
        } catch (RedisException e) {
            throw failure(operation + " (WAIT for replicas)", e, true);
        }
        if (acknowledged < replicaWait.replicas()) {
            throw new RedisStoreException(what + " " + operation + ": the write was applied on the master but only "
                    + acknowledged + " of " + replicaWait.replicas() + " replica(s) acknowledged it within "
                    + replicaWait.timeout().toMillis() + " ms (WAIT); it is not reported as done, because a failover "
                    + "now could lose it; re-read before reporting an outcome", null, true);
        }
    }

    private RedisStoreException failure(String operation, RedisException e, boolean outcomeUnknown) {
        if (e instanceof RedisCommandInterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new RedisStoreException(what + " " + operation + " failed: " + e.getClass().getSimpleName()
                + (e instanceof RedisCommandExecutionException ? " (Redis replied: " + e.getMessage() + ")" : "")
                + (outcomeUnknown ? "; Redis may or may not have applied the write (the value is either fully old or "
                        + "fully new)" : "; nothing was written"), e, outcomeUnknown);
    }

    RedisStoreException invalid(String operation, String why) {
        return new RedisStoreException(what + " " + operation + ": " + why, null, false);
    }
}
