package dev.kairos.store.tck;

import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.InMemoryEnrollmentStore;

/** The reference store keeps the whole SPI contract. */
class InMemoryEnrollmentStoreContractTest extends EnrollmentStoreContract {
    @Override
    protected EnrollmentStore newStore() {
        return new InMemoryEnrollmentStore();
    }
}
