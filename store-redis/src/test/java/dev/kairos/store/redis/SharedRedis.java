package dev.kairos.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;

/**
 * One standalone redis-server and one connection to it, and one connection to {@link RedisCluster#shared()}, shared by
 * the test classes of this JVM that neither kill nor pause the server (started on first use, closed when the JVM
 * exits). Tests keep apart by random account and credential ids.
 */
final class SharedRedis {
    private static RedisServer server;
    private static StatefulRedisConnection<String, String> standalone;
    private static StatefulRedisClusterConnection<String, String> cluster;

    private SharedRedis() {
    }

    static synchronized StatefulRedisConnection<String, String> standalone() {
        if (standalone == null) {
            RedisServer started = RedisServer.start();
            RedisClient client = RedisClient.create(started.uri());
            StatefulRedisConnection<String, String> connection = client.connect();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                connection.close();
                client.shutdown();
                started.close();
            }));
            server = started;
            standalone = connection;
        }
        return standalone;
    }

    /** The port of the standalone server (for a second JVM). */
    static synchronized int standalonePort() {
        standalone();
        return server.port();
    }

    static synchronized StatefulRedisClusterConnection<String, String> cluster() {
        if (cluster == null) {
            RedisClusterClient client = RedisCluster.shared().tunedClient(Duration.ofSeconds(10));
            StatefulRedisClusterConnection<String, String> connection = client.connect();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                connection.close();
                client.shutdown();
            }));
            cluster = connection;
        }
        return cluster;
    }
}
