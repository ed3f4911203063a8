package dev.kairos.core;

/**
 * Remembers, per credential, the last accepted time step, so that no code is accepted twice (RFC 6238 §5.2:
 * "the verifier MUST NOT accept the second attempt of the OTP after the successful validation has been issued
 * for the first OTP").
 *
 * <p>The contract implementations must keep: {@link #tryAccept} accepts step T for credential C only if T is
 * greater than every step accepted before for C, and the check and the record are one atomic step, also between
 * threads (and, for a shared implementation, between servers). Of N concurrent calls with the same C and T,
 * exactly one returns true. Implementations are thread-safe.
 */
public interface ReplayGuard {

    /**
     * Atomically accepts a time step for a credential if it is later than every step accepted before for it, and
     * records it.
     *
     * @param credentialId identifies the secret (e.g. the account), not blank
     * @param timeStep the time step of a code that was found right
     * @return true if accepted and recorded; false if this step or a later one was accepted before
     */
    boolean tryAccept(String credentialId, long timeStep);

    /**
     * Returns a guard that keeps the last accepted step of each credential in this JVM's memory: one entry of a
     * {@code long} per credential, updated without locks. For several servers, use a guard or an enrollment
     * store shared between them.
     *
     * @return a new, empty guard
     */
    static ReplayGuard inMemory() {
        return new InMemoryReplayGuard();
    }
}
