/**
 * The enrollment store SPI: what a host application implements to keep MFA enrollments in its own database.
 *
 * <p>A store keeps {@link dev.kairos.store.EnrollmentRecord}s, one per account id, and offers one atomic
 * compare-and-set on their version ({@link dev.kairos.store.EnrollmentStore}); the enrollment service
 * ({@code dev.kairos.mfa.Enrollments}) does all the logic. Check an implementation with the contract kit
 * ({@code dev.kairos.store.tck.EnrollmentStoreContract}, artifact {@code kairos-store-tck}).
 *
 * <p>Bad input is an {@link dev.kairos.store.InvalidAccountException} (an {@link IllegalArgumentException}) or an
 * {@link IllegalArgumentException} naming the rule; no message contains a sealed blob or a recovery-code hash.
 */
package dev.kairos.store;
