/**
 * The enrollment store SPI: what a host application implements to keep MFA enrollments in its own database.
 *
 * <p>A store keeps {@link dev.kairos.store.EnrollmentRecord}s, one per account id, and offers one atomic
 * compare-and-set on their version ({@link dev.kairos.store.EnrollmentStore}); the enrollment service
 * ({@code dev.kairos.mfa.Enrollments}) does all the logic. Check an implementation with the contract kit
 * ({@code dev.kairos.store.tck.EnrollmentStoreContract}, artifact {@code kairos-store-tck}).
 *
 * <p>A sign-in changes only a record's {@link dev.kairos.store.SignInState}; a store that writes only that part
 * ({@link dev.kairos.store.EnrollmentStore#replaceSignInIfVersion}, with the generation of
 * {@link dev.kairos.store.StoredEnrollment}) makes a steady-state sign-in one round trip. Both methods have default
 * implementations on the compare-and-set, so a store that ignores them stays correct at two.
 *
 * <pre>{@code
 * // One JVM (tests, demos): the reference store. Several servers: kairos-store-jdbc, or your own.
 * EnrollmentStore store = new InMemoryEnrollmentStore();
 * Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").sealWith(keyRing).build();
 *
 * // What a store does, and nothing more: a compare-and-set on the record's version.
 * EnrollmentRecord current = store.find("alice").orElseThrow();
 * boolean applied = store.replaceIfVersion(current.version(), changedWithVersionPlusOne);
 * }</pre>
 *
 * <p>Bad input is an {@link dev.kairos.store.InvalidAccountException} (an {@link IllegalArgumentException}) or an
 * {@link IllegalArgumentException} naming the rule; no message contains a sealed blob or a recovery-code hash.
 * No method returns null; an absent value is an empty {@link java.util.Optional}, and a null argument is a
 * {@link NullPointerException} (or an {@link dev.kairos.store.InvalidAccountException} for an account id).
 */
@NullMarked
package dev.kairos.store;

import org.jspecify.annotations.NullMarked;
