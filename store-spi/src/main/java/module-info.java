/**
 * Kairos store SPI: only what an enrollment store implementer needs. {@link dev.kairos.store.EnrollmentStore} is
 * the interface (find, insert-if-absent, replace-if-version, delete-if-version, and the sign-in write of
 * {@link dev.kairos.store.SignInState}), {@link
 * dev.kairos.store.EnrollmentRecord} what it keeps, with its opaque parts ({@link dev.kairos.store.SealedSecret},
 * {@link dev.kairos.store.RecoveryCodeHash}); {@link dev.kairos.store.InMemoryEnrollmentStore} is the reference
 * implementation for one JVM. The enrollment service that drives a store is in {@code dev.kairos.mfa}; the
 * contract kit every store runs is in {@code dev.kairos.store.tck}.
 *
 * <p>Everything exported here is immutable and thread-safe unless its Javadoc says otherwise.
 */
module dev.kairos.store {
    requires static org.jspecify; // @NullMarked, @Nullable: compile time only
    requires transitive dev.kairos.core;

    exports dev.kairos.store;
}
