package dev.kairos.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HOTP counter of each credential in this JVM's memory: the next counter value the server expects (RFC 4226
 * §7.2), advanced by compare-and-set so that of N threads given the same valid code exactly one is accepted. For
 * {@link HotpVerifier#verify(String, Hotp, CharSequence)}; servers that share a database keep the counter in it
 * and call {@link HotpVerifier#verify(Hotp, CharSequence, long)} with their own compare-and-set instead.
 *
 * <p>Thread-safe; one {@code AtomicLong} per credential, no lock.
 */
public final class HotpCounters {

    private final ConcurrentHashMap<String, AtomicLong> next = new ConcurrentHashMap<>();

    private HotpCounters() {
    }

    /**
     * Returns new, empty counters: every credential starts at counter 0 until {@link #set} says otherwise.
     *
     * @return the counters
     */
    public static HotpCounters inMemory() {
        return new HotpCounters();
    }

    /**
     * Returns the next counter value expected for a credential.
     *
     * @param credentialId identifies the secret (e.g. the account id); not blank
     * @return the counter, 0 for a credential never seen
     * @throws NullPointerException if {@code credentialId} is null
     * @throws IllegalArgumentException if {@code credentialId} is blank
     */
    public long counter(String credentialId) {
        TotpVerifier.checkCredentialId(credentialId);
        AtomicLong c = next.get(credentialId);
        return c == null ? 0 : c.get();
    }

    /**
     * Sets the next counter value expected for a credential, e.g. when a hardware token is provisioned or
     * imported at a known counter. Setting it lower re-opens codes already used: do so only for a new token.
     *
     * @param credentialId identifies the secret; not blank
     * @param counter the next counter value, 0 to {@code Long.MAX_VALUE - 1}
     * @throws NullPointerException if {@code credentialId} is null
     * @throws IllegalArgumentException if {@code credentialId} is blank
     * @throws InvalidOtpParametersException if {@code counter} is out of range
     */
    public void set(String credentialId, long counter) {
        TotpVerifier.checkCredentialId(credentialId);
        HotpVerifier.checkCounter(counter);
        slot(credentialId).set(counter);
    }

    /** Advances {@code credentialId} from {@code expected} to {@code newCounter} if nobody else moved it first. */
    boolean advance(String credentialId, long expected, long newCounter) {
        return slot(credentialId).compareAndSet(expected, newCounter);
    }

    private AtomicLong slot(String credentialId) {
        return next.computeIfAbsent(credentialId, id -> new AtomicLong());
    }

    @Override
    public String toString() {
        return "HotpCounters.inMemory[" + next.size() + " credentials]";
    }
}
