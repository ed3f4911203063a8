/**
 * Kairos store SPI: the MFA enrollment lifecycle (begin, confirm, verify, recover, disable) on a persistence SPI
 * that host applications implement, with an in-memory store, secret sealing (AES-GCM), recovery codes and
 * throttling.
 *
 * <p>Everything exported here is immutable and thread-safe unless its Javadoc says otherwise.
 */
module dev.kairos.store {
    requires transitive dev.kairos.core;

    exports dev.kairos.store;
}
