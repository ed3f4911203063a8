/**
 * The enrollment lifecycle and its store SPI.
 *
 * <p>Host applications implement {@link dev.kairos.store.EnrollmentStore} on their own database (or use
 * {@link dev.kairos.store.InMemoryEnrollmentStore} for one JVM). Every state change is one compare-and-set on the
 * store, so the replay guard and the failure counter hold across several servers sharing one store.
 */
package dev.kairos.store;
