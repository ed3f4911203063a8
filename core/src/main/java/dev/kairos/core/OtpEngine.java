package dev.kairos.core;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The RFC 4226 computation: HMAC (RFC 2104) on one {@link MessageDigest} per thread and algorithm.
 *
 * <p>Why not {@code javax.crypto.Mac}: a login server verifies each request with another user's key, and for a new
 * key the JCA needs a {@code SecretKeySpec} (a copy of the key), {@code Mac.init} copies it again through
 * {@code getEncoded()}, and every {@code doFinal} allocates the inner digest: 224 bytes per three-step
 * verification before any work of ours (JMH, {@code Limit.initHmac3_perRequest}, JDK 17). HMAC is two hashes of
 * the key XOR-ed with fixed pads; written on the digest directly it allocates nothing, takes the key bytes as
 * they are, and does exactly the hash work the JDK's {@code HmacCore} does (four compression blocks for an
 * 8-byte counter, with the same SHA intrinsics).
 *
 * <p>{@code MessageDigest.getInstance} walks the provider list and a shared digest would need a lock; so each
 * thread keeps its own digests, the padded keys and the scratch buffers, and the hot path allocates nothing. The
 * pads are derived again only when the key array changes (several steps of one key reuse them).
 */
final class OtpEngine {

    private static final ThreadLocal<OtpEngine> LOCAL = ThreadLocal.withInitial(OtpEngine::new);

    /** 10^0 to 10^10: the RFC 4226 §5.3 modulus for each number of digits. */
    static final long[] POWERS_OF_TEN = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L
    };

    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    private final MessageDigest[] digests = new MessageDigest[HmacAlgorithm.values().length];
    /** Per algorithm: K XOR ipad and K XOR opad, one hash block each (RFC 2104 §2). */
    private final byte[][] innerPads = new byte[digests.length][];
    private final byte[][] outerPads = new byte[digests.length][];
    /** Per algorithm: the key array the pads were derived from, compared by identity (key arrays never change). */
    private final byte[][] keys = new byte[digests.length][];
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
     * @param key the key K; never modified, and never changed by its owner (pads are cached by its identity)
     * @param counter the 8-byte counter C (a time step T for TOTP), as an unsigned value
     */
    @SuppressWarnings("EnumOrdinal") // the per-algorithm arrays are sized by values().length: no map on the hot path
    long value(HmacAlgorithm algorithm, byte[] key, long counter, int digits) {
        int a = algorithm.ordinal();
        MessageDigest md = digestFor(algorithm, key);
        byte[] msg = message;
        for (int i = 7; i >= 0; i--) {
            msg[i] = (byte) counter;
            counter >>>= 8;
        }
        int length = algorithm.macLength();
        try {
            // HMAC(K, m) = H((K ^ opad) || H((K ^ ipad) || m))   (RFC 2104 §2)
            md.update(innerPads[a]);
            md.update(msg, 0, 8);
            md.digest(mac, 0, length);
            md.update(outerPads[a]);
            md.update(mac, 0, length);
            md.digest(mac, 0, length);
        } catch (DigestException e) {
            throw new IllegalStateException("digest buffer too small for " + algorithm, e);
        }
        int offset = mac[length - 1] & 0x0f;
        int binary = ((mac[offset] & 0x7f) << 24)
                | ((mac[offset + 1] & 0xff) << 16)
                | ((mac[offset + 2] & 0xff) << 8)
                | (mac[offset + 3] & 0xff);
        return binary % POWERS_OF_TEN[digits];
    }

    @SuppressWarnings("EnumOrdinal") // as in value(): the ordinal indexes arrays sized by values().length
    private MessageDigest digestFor(HmacAlgorithm algorithm, byte[] key) {
        int a = algorithm.ordinal();
        MessageDigest md = digests[a];
        if (md == null) {
            try {
                md = MessageDigest.getInstance(digestName(algorithm));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(digestName(algorithm) + " is missing from this JDK", e);
            }
            int blockLength = blockLength(algorithm);
            innerPads[a] = new byte[blockLength];
            outerPads[a] = new byte[blockLength];
            digests[a] = md;
        }
        if (keys[a] != key) {
            keys[a] = null;
            byte[] k = key;
            byte[] inner = innerPads[a];
            byte[] outer = outerPads[a];
            if (k.length > inner.length) {
                k = md.digest(k); // RFC 2104 §2: a key longer than a block is hashed first (rare: > 64 bytes)
            }
            // Two plain loops and a fill rather than one loop with a branch per byte: C2 vectorises these, and a
            // login server derives the pads once per request (a new user's key each time).
            for (int i = 0; i < k.length; i++) {
                inner[i] = (byte) (k[i] ^ IPAD);
            }
            for (int i = 0; i < k.length; i++) {
                outer[i] = (byte) (k[i] ^ OPAD);
            }
            Arrays.fill(inner, k.length, inner.length, IPAD);
            Arrays.fill(outer, k.length, outer.length, OPAD);
            keys[a] = key;
        }
        return md;
    }

    private static String digestName(HmacAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA1 -> "SHA-1";
            case SHA256 -> "SHA-256";
            case SHA512 -> "SHA-512";
        };
    }

    /** The hash function's block length B of RFC 2104 §2, in bytes. */
    private static int blockLength(HmacAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA1, SHA256 -> 64;
            case SHA512 -> 128;
        };
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
