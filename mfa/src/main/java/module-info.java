/**
 * Kairos MFA: the authenticator-app enrollment lifecycle (begin, confirm, verify, recover, disable) on any
 * {@link dev.kairos.store.EnrollmentStore}, with AES-GCM sealing and key rings, recovery codes, throttling and
 * audit events. Entry point: {@link dev.kairos.mfa.Enrollments}.
 *
 * <p>Everything exported here is immutable and thread-safe unless its Javadoc says otherwise.
 */
module dev.kairos.mfa {
    requires transitive dev.kairos.store;

    exports dev.kairos.mfa;
}
