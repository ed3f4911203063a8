package dev.kairos.store.redis;

import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.tck.EnrollmentStoreContract;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store-spi contract kit, unchanged (its racing rules included), against a real 3-master/3-replica Redis Cluster
 * through one Lettuce cluster connection given to {@link RedisEnrollmentStore#builder(StatefulRedisClusterConnection)}.
 */
class RedisClusterEnrollmentStoreContractTest extends EnrollmentStoreContract {
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
    protected EnrollmentStore newStore() {
        return RedisEnrollmentStore.builder(connection).build();
    }
}
