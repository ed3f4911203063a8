package dev.kairos.store.redis;

import dev.kairos.core.ReplayGuard;
import dev.kairos.store.tck.ReplayGuardContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The replay-guard kit against the Redis guard: on a standalone redis-server and on the Redis Cluster. */
class RedisReplayGuardContractTest {

    @Nested
    class Standalone extends ReplayGuardContract {
        private static RedisServer server;
        private static RedisClient client;
        private static StatefulRedisConnection<String, String> connection;

        @BeforeAll
        static void startRedis() {
            server = RedisServer.start();
            client = RedisClient.create(server.uri());
            connection = client.connect();
        }

        @AfterAll
        static void stopRedis() {
            if (connection != null) {
                connection.close();
                client.shutdown();
            }
            if (server != null) {
                server.close();
            }
        }

        @Override
        protected ReplayGuard newGuard() {
            return RedisReplayGuard.builder(connection).retention(Duration.ofMinutes(5)).build();
        }
    }

    @Nested
    class Cluster extends ReplayGuardContract {
        private static RedisClusterClient client;
        private static StatefulRedisClusterConnection<String, String> connection;

        @BeforeAll
        static void connect() {
            client = RedisCluster.shared().tunedClient(Duration.ofSeconds(10));
            connection = client.connect();
        }

        @AfterAll
        static void disconnect() {
            if (connection != null) {
                connection.close();
                client.shutdown();
            }
        }

        @Override
        protected ReplayGuard newGuard() {
            return RedisReplayGuard.builder(connection).retention(Duration.ofMinutes(5)).build();
        }
    }
}
