package dev.kairos.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.protocol.ConnectionIntent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the store and the guard send their commands through: one standalone connection, or one cluster connection
 * that routes each command to the master of its key's hash slot (each command and script names exactly one key, so
 * every call is single-slot). Also remembers what the built object must close.
 */
abstract class Link {
    private final AutoCloseable owned;

    private Link(AutoCloseable owned) {
        this.owned = owned;
    }

    /** The connection whose commands {@link #commands()} sends (routed by slot for a cluster). */
    abstract StatefulConnection<String, String> connection();

    /** Commands, routed to the key's master for a cluster. */
    abstract RedisClusterCommands<String, String> commands();

    /**
     * The connection to the master that holds the key's slot now: the connection itself when standalone. For a
     * cluster it is the same node connection the cluster connection routes the key's commands through (Lettuce keys
     * node connections by intent, host and port), so a {@code WAIT} sent on it follows the key's write.
     */
    abstract StatefulRedisConnection<String, String> masterOf(String key);

    /** Whether the topology this client holds names a master for the key's slot (always, when standalone). */
    abstract boolean knowsMasterOf(String key);

    /** Every master, as "host:port" and a connection to it (one for a standalone server). */
    abstract List<Master> masters();

    /** Whether this is a cluster connection. */
    abstract boolean cluster();

    record Master(String name, StatefulRedisConnection<String, String> connection) {
    }

    /** Closes what the builder opened; a connection or client the caller gave stays open. */
    void close() {
        if (owned == null) {
            return;
        }
        try {
            owned.close();
        } catch (Exception e) {
            throw new RedisStoreException("closing the Redis connection failed", e, false);
        }
    }

    static Supplier<Link> given(StatefulRedisConnection<String, String> connection) {
        return () -> new Standalone(connection, null);
    }

    static Supplier<Link> given(StatefulRedisClusterConnection<String, String> connection) {
        return () -> new Cluster(connection, null);
    }

    static Supplier<Link> from(RedisClient client, String what) {
        return () -> {
            StatefulRedisConnection<String, String> c = connect(client::connect, what);
            return new Standalone(c, c::close);
        };
    }

    static Supplier<Link> from(RedisClusterClient client, String what) {
        return () -> {
            StatefulRedisClusterConnection<String, String> c = connect(client::connect, what);
            return new Cluster(c, c::close);
        };
    }

    static Supplier<Link> from(RedisURI uri, String what) {
        return () -> {
            RedisClient client = RedisClient.create(uri);
            try {
                StatefulRedisConnection<String, String> c = connect(client::connect, what);
                return new Standalone(c, () -> {
                    c.close();
                    client.shutdown();
                });
            } catch (RedisStoreException e) {
                client.shutdown();
                throw e;
            }
        };
    }

    private static <C> C connect(Supplier<C> connect, String what) {
        try {
            return connect.get();
        } catch (RedisException e) {
            throw new RedisStoreException(what + ": could not connect to Redis: " + e.getClass().getSimpleName(), e,
                    false);
        }
    }

    private static final class Standalone extends Link {
        private final StatefulRedisConnection<String, String> connection;
        private final RedisClusterCommands<String, String> commands;

        Standalone(StatefulRedisConnection<String, String> connection, AutoCloseable owned) {
            super(owned);
            this.connection = connection;
            this.commands = connection.sync();
        }

        @Override
        StatefulConnection<String, String> connection() {
            return connection;
        }

        @Override
        RedisClusterCommands<String, String> commands() {
            return commands;
        }

        @Override
        StatefulRedisConnection<String, String> masterOf(String key) {
            return connection;
        }

        @Override
        boolean knowsMasterOf(String key) {
            return true;
        }

        @Override
        List<Master> masters() {
            return List.of(new Master("the server", connection));
        }

        @Override
        boolean cluster() {
            return false;
        }
    }

    private static final class Cluster extends Link {
        private final StatefulRedisClusterConnection<String, String> connection;
        private final RedisClusterCommands<String, String> commands;

        Cluster(StatefulRedisClusterConnection<String, String> connection, AutoCloseable owned) {
            super(owned);
            this.connection = connection;
            this.commands = connection.sync();
        }

        @Override
        StatefulConnection<String, String> connection() {
            return connection;
        }

        @Override
        RedisClusterCommands<String, String> commands() {
            return commands;
        }

        @Override
        StatefulRedisConnection<String, String> masterOf(String key) {
            RedisClusterNode master = connection.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
            if (master == null) {
                throw new RedisStoreException("no master is known for the slot of a key (the cluster's topology is "
                        + "incomplete); nothing was written", null, false);
            }
            return node(master);
        }

        @Override
        boolean knowsMasterOf(String key) {
            return connection.getPartitions().getMasterBySlot(SlotHash.getSlot(key)) != null;
        }

        private StatefulRedisConnection<String, String> node(RedisClusterNode node) {
            RedisURI uri = node.getUri();
            return connection.getConnection(uri.getHost(), uri.getPort(), ConnectionIntent.WRITE);
        }

        @Override
        List<Master> masters() {
            List<Master> masters = new ArrayList<>();
            for (RedisClusterNode node : connection.getPartitions()) {
                if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                    masters.add(new Master(node.getUri().getHost() + ":" + node.getUri().getPort(), node(node)));
                }
            }
            return masters;
        }

        @Override
        boolean cluster() {
            return true;
        }
    }
}
