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
 */
package dev.kairos.store.tck;
