package dev.kairos.store.redis;

import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.tck.EnrollmentStoreContract;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

/**
 * The store-spi contract kit, unchanged (its racing rules included), against a real 3-master/3-replica Redis Cluster
 * through one Lettuce cluster connection given to {@link RedisEnrollmentStore#builder(StatefulRedisClusterConnection)}.
 */
class RedisClusterEnrollmentStoreContractTest extends EnrollmentStoreContract {
    @Override
    protected EnrollmentStore newStore() {
        return RedisEnrollmentStore.builder(SharedRedis.cluster()).build();
    }
}
