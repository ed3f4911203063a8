/**
 * The contract test kit for {@link dev.kairos.store.EnrollmentStore} implementations.
 *
 * <pre>{@code
 * class MyStoreContractTest extends EnrollmentStoreContract {
 *     @Override
 *     protected EnrollmentStore newStore() {
 *         return new MyStore(freshDatabase());
 *     }
 * }
 * }</pre>
 *
 * <p>{@code newStore()} is called before each test; it may return a store shared by all tests (a database),
 * since the tests never reuse an account id. {@link dev.kairos.store.tck.MutableClock} is a clock tests move by
 * hand. No method returns or accepts null.
 */
@NullMarked
package dev.kairos.store.tck;

import org.jspecify.annotations.NullMarked;
