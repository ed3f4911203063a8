/**
 * Kairos store TCK: the contract kit every {@link dev.kairos.store.EnrollmentStore} implementation runs. Extend
 * {@link dev.kairos.store.tck.EnrollmentStoreContract} in a JUnit 5 test of your store and implement its one
 * factory method; every rule of the SPI is checked, races on real threads included.
 */
module dev.kairos.store.tck {
    requires static org.jspecify; // @NullMarked, @Nullable: compile time only
    requires transitive dev.kairos.store;
    requires transitive org.junit.jupiter.api;

    exports dev.kairos.store.tck;
    // JUnit instantiates the kit's subclasses and runs its public test methods reflectively.
    opens dev.kairos.store.tck to org.junit.platform.commons;
}
