package dev.kairos.store.redis;

import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.tck.EnrollmentStoreContract;

/** The store-spi contract kit, unchanged, against a real redis-server through one shared Lettuce connection. */
class RedisEnrollmentStoreContractTest extends EnrollmentStoreContract {
    @Override
    protected EnrollmentStore newStore() {
        return RedisEnrollmentStore.builder(SharedRedis.standalone()).build();
    }
}
