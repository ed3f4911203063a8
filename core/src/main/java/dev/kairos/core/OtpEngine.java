package dev.kairos.core;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The RFC 4226 computation, with one {@link Mac} per thread and algorithm.
 *
 * <p>{@code Mac.getInstance} walks the provider list on every call and costs more than the HMAC itself, and a
 * shared {@code Mac} would need a lock; so each thread keeps its own, plus the scratch buffers for the counter and
 * the MAC, and the hot path allocates nothing. {@code Mac.init} is skipped when the thread's {@code Mac} already
 * holds the same key object (the common case of a verifier checking several steps of one key).
 */
final class OtpEngine {

    private static final ThreadLocal<OtpEngine> LOCAL = ThreadLocal.withInitial(OtpEngine::new);

    /** 10^0 to 10^10: the RFC 4226 §5.3 modulus for each number of digits. */
    static final long[] POWERS_OF_TEN = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L
    };

    private final Mac[] macs = new Mac[HmacAlgorithm.values().length];
    private final SecretKeySpec[] keys = new SecretKeySpec[macs.length];
    private final byte[] message = new byte[8];
    private final byte[] mac = new byte[64];

    private OtpEngine() {
    }

    static OtpEngine get() {
        return LOCAL.get();
    }

    /**
     * Returns HOTP(K, C) of RFC 4226 §5.3 as a number: the dynamically truncated 31-bit value modulo 10^digits.
     *
     * @param counter the 8-byte counter C (a time step T for TOTP), as an unsigned value
     */
    long value(HmacAlgorithm algorithm, SecretKeySpec key, long counter, int digits) {
        Mac m = macFor(algorithm, key);
        byte[] msg = message;
        for (int i = 7; i >= 0; i--) {
            msg[i] = (byte) counter;
            counter >>>= 8;
        }
        m.update(msg, 0, 8);
        try {
            m.doFinal(mac, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("MAC buffer too small for " + algorithm, e);
        }
        int length = algorithm.macLength();
        int offset = mac[length - 1] & 0x0f;
        int binary = ((mac[offset] & 0x7f) << 24)
                | ((mac[offset + 1] & 0xff) << 16)
                | ((mac[offset + 2] & 0xff) << 8)
                | (mac[offset + 3] & 0xff);
        return binary % POWERS_OF_TEN[digits];
    }

    private Mac macFor(HmacAlgorithm algorithm, SecretKeySpec key) {
        int i = algorithm.ordinal();
        Mac m = macs[i];
        if (m == null) {
            try {
                m = Mac.getInstance(algorithm.jcaName());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(algorithm.jcaName() + " is missing from this JDK", e);
            }
            macs[i] = m;
        }
        if (keys[i] != key) {
            try {
                m.init(key);
            } catch (InvalidKeyException e) {
                keys[i] = null;
                throw new IllegalStateException(algorithm.jcaName() + " refused the key", e);
            }
            keys[i] = key;
        }
        return m;
    }

    /** Writes {@code value} as exactly {@code digits} ASCII digits, zero-padded (never locale-dependent). */
    static String format(long value, int digits) {
        char[] chars = new char[digits];
        for (int i = digits - 1; i >= 0; i--) {
            chars[i] = (char) ('0' + (int) (value % 10));
            value /= 10;
        }
        return new String(chars);
    }

    /**
     * Reads a code of exactly {@code digits} ASCII digits; anything else (null, wrong length, a space, a sign, a
     * non-ASCII digit such as Arabic-Indic or full-width ones) gives -1.
     */
    static long parse(CharSequence code, int digits) {
        if (code == null || code.length() != digits) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
