package dev.kairos.core;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The built-in HMAC engine: the RFC 4226 computation with HMAC (RFC 2104) written on {@link MessageDigest}.
 *
 * <p>Why not {@code javax.crypto.Mac}: a login server verifies each request with another user's key, and for a new
 * key the JCA needs a {@code SecretKeySpec} (a copy of the key), {@code Mac.init} copies it again through
 * {@code getEncoded()}, and every {@code doFinal} allocates the inner digest: 224 bytes per three-step
 * verification before any work of ours (JMH, {@code Limit.initHmac3_perRequest}, JDK 17). HMAC is two hashes of
 * the key XOR-ed with fixed pads; written on the digest directly it allocates nothing, takes the key bytes as
 * they are, and does exactly the hash work the JDK's {@code HmacCore} does (four compression blocks for an
 * 8-byte counter, with the same SHA intrinsics). {@link HmacEngine#jca} is the opt-in path through {@code Mac}.
 *
 * <p>Where the state lives, and why not a {@code ThreadLocal}: {@code MessageDigest.getInstance} walks the provider
 * list and a shared digest would need a lock, so an instance of this class (digests, pads, scratch buffers) is
 * used by one thread at a time. It used to be kept per thread in a {@code ThreadLocal}, which left two problems:
 * the padded key of the last user stayed in every thread's memory after the call returned, and a servlet
 * container's threads outlive a redeployed application, so each thread kept an instance of this class and with it
 * the application's class loader (the leak Tomcat reports at undeploy); a virtual thread per request also built
 * new digests on every request. Now the instances live in a small static array of slots: a call takes the slot
 * its thread id hashes to with {@code getAndSet(null)} (one atomic exchange, no lock), tries the next slot if that
 * one is taken, allocates a fresh instance only if both are, and puts it back with a plain volatile write. The pads
 * and the MAC scratch are zeroed before the instance goes back, so between calls the pool holds no key material.
 * The array is a static field of this class: it dies with the application's class loader.
 *
 * <p>One session ({@link #open}) derives the pads once, so the steps of one verification window share them.
 */
final class OtpEngine implements HmacSession {

    /** 10^0 to 10^10: the RFC 4226 §5.3 modulus for each number of digits. */
    static final long[] POWERS_OF_TEN = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L
    };

    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    /**
     * Slots: a power of two, four per processor (at least 8, at most 256), so that threads rarely share one; each
     * instance holds about 1 KB of digests and buffers.
     */
    private static final int SLOTS = Integer.highestOneBit(
            Math.max(8, Math.min(256, 4 * Runtime.getRuntime().availableProcessors())) * 2 - 1);
    private static final AtomicReferenceArray<OtpEngine> POOL = new AtomicReferenceArray<>(SLOTS);

    private final MessageDigest[] digests = new MessageDigest[HmacAlgorithm.values().length];
    /** Per algorithm: K XOR ipad and K XOR opad, one hash block each (RFC 2104 §2); zero between sessions. */
    private final byte[][] innerPads = new byte[digests.length][];
    private final byte[][] outerPads = new byte[digests.length][];
    private final byte[] message = new byte[8];
    /** The inner hash, then the HMAC; zero between sessions. */
    private final byte[] mac = new byte[64];

    /** The session's algorithm, as an ordinal, and length of a code. */
    private int algorithmIndex;
    private HmacAlgorithm algorithm;
    private int digits;
    /** The slot this instance goes back to. */
    private int slot;

    private OtpEngine() {
    }

    /**
     * Opens a session for one key: takes an instance from the pool (or makes one) and derives the pads.
     *
     * @param key the key K; never modified, and not referenced after {@link #close()}
     */
    static OtpEngine open(HmacAlgorithm algorithm, byte[] key, int digits) {
        int home = slotOfCurrentThread();
        int slot = home;
        OtpEngine engine = POOL.getAndSet(slot, null);
        if (engine == null) {
            slot = (home + 1) & (SLOTS - 1);
            engine = POOL.getAndSet(slot, null);
            if (engine == null) {
                slot = home;
                engine = new OtpEngine(); // both slots busy: rare, and it will refill one of them on close
            }
        }
        engine.slot = slot;
        engine.start(algorithm, key, digits);
        return engine;
    }

    /** Fibonacci hashing of the thread id: neighbouring ids (platform or virtual threads) land in distinct slots. */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() returns the same value
    private static int slotOfCurrentThread() {
        long id = Thread.currentThread().getId();
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 32) & (SLOTS - 1);
    }

    @SuppressWarnings("EnumOrdinal") // the per-algorithm arrays are sized by values().length: no map on the hot path
    private void start(HmacAlgorithm algorithm, byte[] key, int digits) {
        int a = algorithm.ordinal();
        this.algorithm = algorithm;
        this.algorithmIndex = a;
        this.digits = digits;
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
        if (k != key) {
            Arrays.fill(k, (byte) 0); // the hashed key is key material too
        }
    }

    @Override
    public long value(long counter) {
        int a = algorithmIndex;
        MessageDigest md = digests[a];
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
        return truncate(mac, length, digits);
    }

    /**
     * Zeroes the pads and the MAC scratch, then puts the instance back in its slot. (The JDK's digests clear their
     * own block buffer and state when {@code digest} resets them.)
     */
    @Override
    public void close() {
        int a = algorithmIndex;
        Arrays.fill(innerPads[a], (byte) 0);
        Arrays.fill(outerPads[a], (byte) 0);
        Arrays.fill(mac, (byte) 0);
        algorithm = null;
        POOL.set(slot, this);
    }

    /** For tests: whether the pads and the MAC scratch of every algorithm are all zero. */
    boolean holdsNoKeyMaterial() {
        boolean zero = true;
        for (int a = 0; a < digests.length; a++) {
            zero &= innerPads[a] == null || Arrays.equals(innerPads[a], new byte[innerPads[a].length]);
            zero &= outerPads[a] == null || Arrays.equals(outerPads[a], new byte[outerPads[a].length]);
        }
        return zero && Arrays.equals(mac, new byte[mac.length]);
    }

    /** Empties the pool, so that the next sessions build new digests (for a test that counts digest calls). */
    static void discardPooledState() {
        for (int i = 0; i < SLOTS; i++) {
            POOL.set(i, null);
        }
    }

    /** RFC 4226 §5.3 dynamic truncation of an HMAC of {@code length} bytes, modulo 10^digits. */
    static long truncate(byte[] hmac, int length, int digits) {
        int offset = hmac[length - 1] & 0x0f;
        int binary = ((hmac[offset] & 0x7f) << 24)
                | ((hmac[offset + 1] & 0xff) << 16)
                | ((hmac[offset + 2] & 0xff) << 8)
                | (hmac[offset + 3] & 0xff);
        return binary % POWERS_OF_TEN[digits];
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
     * How much white space may surround a typed code, both ends together, in chars: a paste brings a space, a tab
     * or a line break, not a page of them.
     */
    static final int MAX_SURROUNDING = 16;

    /**
     * Reads a code as people type it, normalised to its value before the constant-time check; -1 if it cannot be a
     * code of {@code digits} digits. Allocation-free: one pass over the characters, no {@code String} made.
     *
     * <p>Accepted: exactly {@code digits} decimal digits of one script ({@code Character.getType ==
     * DECIMAL_DIGIT_NUMBER}, valued by {@code Character.digit(c, 10)}: ASCII, full-width, Arabic-Indic, Persian,
     * Devanagari...), with single ASCII spaces or hyphens between two digits ({@code "123 456"}, {@code
     * "123-456"}), and any white space around them ({@code " 123456 "}, a tab or a line break from a paste, a
     * no-break or ideographic space: {@link #isSurroundingSpace}), at most {@link #MAX_SURROUNDING} characters of
     * it. Refused: anything else, and in particular
     * <ul>
     *   <li>digits of two scripts in one code: a code typed on one keyboard layout has one script, and a mix is a
     *       sign of confusable tricks (look-alike digits pasted in to get past a filter), not of a person typing;
     *       the script is told by the code point of the digit's zero, {@code c - Character.digit(c, 10)}, since
     *       Unicode assigns every decimal digit set as ten consecutive code points from its zero;</li>
     *   <li>a separator first, last, or next to another one ({@code "-123456"}, {@code "123 456-"}, {@code
     *       "123--456"}): "between digits" is the rule people see in every app, and a stray hyphen at an end is
     *       usually a paste of something else (white space around the code is not a separator: it is skipped);</li>
     *   <li>digits outside the Basic Multilingual Plane (surrogate pairs, e.g. mathematical bold digits): no
     *       keyboard layout types them;</li>
     *   <li>signs, dots, letters, and white space between digits other than one ASCII space.</li>
     * </ul>
     */
    static long parse(CharSequence code, int digits) {
        // At most one separator between two digits, and a little white space around: a longer input cannot be a
        // code (and is refused unread).
        if (code == null || code.length() < digits || code.length() > 2 * digits - 1 + MAX_SURROUNDING) {
            return -1;
        }
        int start = 0;
        int end = code.length();
        while (start < end && isSurroundingSpace(code.charAt(start))) {
            start++;
        }
        while (end > start && isSurroundingSpace(code.charAt(end - 1))) {
            end--;
        }
        if (end - start > 2 * digits - 1 || start + (code.length() - end) > MAX_SURROUNDING) {
            return -1;
        }
        long value = 0;
        int count = 0;
        int zero = -1;              // the code point of the script's zero, fixed by the first digit
        boolean afterDigit = false; // a separator is allowed only right after a digit
        for (int i = start; i < end; i++) {
            char c = code.charAt(i);
            if (c == ' ' || c == '-') {
                if (!afterDigit) {
                    return -1;
                }
                afterDigit = false;
                continue;
            }
            if (c >= '0' && c <= '9') {
                // The common case, without a table lookup.
                if (zero != -1 && zero != '0') {
                    return -1;
                }
                zero = '0';
                value = value * 10 + (c - '0');
            } else {
                if (Character.getType(c) != Character.DECIMAL_DIGIT_NUMBER) {
                    return -1;
                }
                int d = Character.digit(c, 10);
                if (zero != -1 && zero != c - d) {
                    return -1; // mixed scripts: see above
                }
                zero = c - d;
                value = value * 10 + d;
            }
            if (++count > digits) {
                return -1;
            }
            afterDigit = true;
        }
        return count == digits && afterDigit ? value : -1;
    }

    /**
     * White space a paste brings around a code: space, tab, line breaks, and Unicode's space separators (no-break,
     * ideographic, ...: {@link Character#isSpaceChar}); never a control character such as NUL.
     */
    static boolean isSurroundingSpace(char c) {
        return c == '\t' || c == '\n' || c == '\r' || Character.isSpaceChar(c);
    }
}
