/**
 * The enrollment lifecycle and its store SPI.
 *
 * <p>Host applications implement {@link dev.kairos.store.EnrollmentStore} on their own database (or use
 * {@link dev.kairos.store.InMemoryEnrollmentStore} for one JVM), and run every MFA operation through
 * {@link dev.kairos.store.Enrollments}. Every state change is one compare-and-set on the store, so the replay
 * guard and the failure counter hold across several servers sharing one store.
 *
 * <p>Exceptions of this package form one family: {@link dev.kairos.store.InvalidAccountException} (bad input,
 * an {@link IllegalArgumentException}); {@link dev.kairos.store.AlreadyEnrolledException},
 * {@link dev.kairos.store.SealedSecretException} and {@link dev.kairos.store.ConcurrentEnrollmentUpdateException}
 * (lifecycle or stored-state problems, {@link IllegalStateException}s). A malformed, wrong or replayed code is
 * never an exception: it is a result. No message ever contains a secret, a sealed blob, a code or a recovery code.
 */
package dev.kairos.store;
