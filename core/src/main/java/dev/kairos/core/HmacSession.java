package dev.kairos.core;

/**
 * HOTP values of one key, algorithm and length, for as long as one operation needs them (one code, or the steps
 * of one verification's window). {@link #close()} ends it: whatever the session derived from the key is wiped or
 * handed back, so nothing of the key stays with the thread after the call that opened it returns.
 */
interface HmacSession extends AutoCloseable {

    /**
     * Returns HOTP(K, C) of RFC 4226 §5.3 as a number: the dynamically truncated 31-bit value modulo 10^digits.
     *
     * @param counter the 8-byte counter C (a time step T for TOTP), 0 or more
     */
    long value(long counter);

    /** Ends the session; never throws. */
    @Override
    void close();
}
