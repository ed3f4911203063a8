package dev.kairos.core;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.codec.binary.Base32;

/**
 * A shared secret key K of RFC 4226 §5.1: at least 128 bits (RFC 4226 §4, R6), 160 bits when generated here.
 *
 * <p><b>Legacy secrets, only when asked.</b> Many existing deployments (GoogleAuth's default, older java-totp and
 * Keycloak realms) issued 80-bit secrets, which authenticator apps on users' phones still hold. To bring those users
 * along without a new enrollment, {@link #fromBase32Legacy} and {@link #fromBytesLegacy} accept secrets down to 80
 * bits ({@link #LEGACY_MIN_LENGTH}), never below: for verification and import only. {@link #generate()} never makes
 * one, and {@link #fromBase32}/{@link #fromBytes} keep refusing them; {@link #isLegacy()} tells the two apart so a
 * service can ask the user to enrol again.
 *
 * <p>The bytes are reachable only through the deliberate call {@link #bytes()}; {@link #toString()} never shows
 * them, and {@link #equals(Object)} compares in constant time. Instances are immutable and thread-safe.
 */
public final class Secret {

    /** The smallest secret accepted, in bytes (RFC 4226 §4, R6: at least 128 bits). */
    public static final int MIN_LENGTH = 16;

    /**
     * The smallest secret the legacy opt-in accepts, in bytes: 80 bits, the length RFC 4226's own examples and
     * GoogleAuth's default use. Below it an offline search of the key from a few observed codes is cheap.
     */
    public static final int LEGACY_MIN_LENGTH = 10;

    /** The size of a generated secret, in bytes (RFC 4226 §4, R6 recommends 160 bits). */
    public static final int GENERATED_LENGTH = 20;

    /** The largest secret accepted, in bytes: an HMAC key longer than the SHA-512 block is hashed down anyway. */
    public static final int MAX_LENGTH = 128;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private Secret(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Generates a new secret of 160 bits from {@link SecureRandom}.
     *
     * @return a new random secret
     */
    public static Secret generate() {
        byte[] b = new byte[GENERATED_LENGTH];
        RANDOM.nextBytes(b);
        return new Secret(b);
    }

    /**
     * Creates a secret from its raw bytes. The array is copied.
     *
     * @param bytes the key, 16 to 128 bytes
     * @return the secret
     * @throws NullPointerException if {@code bytes} is null
     * @throws InvalidSecretException if {@code bytes} is shorter than 16 or longer than 128 bytes (an existing
     *     secret of 10 bytes or more: see {@link #fromBytesLegacy})
     */
    public static Secret fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        checkLength(bytes.length, MIN_LENGTH);
        return new Secret(bytes.clone());
    }

    /**
     * Creates an existing secret from its raw bytes, accepting legacy lengths down to 80 bits: for verifying and
     * importing the secrets of users enrolled by another system, never for new enrollments. The array is copied.
     *
     * @param bytes the key, 10 to 128 bytes
     * @return the secret; {@link #isLegacy()} is true if it is shorter than 128 bits
     * @throws NullPointerException if {@code bytes} is null
     * @throws InvalidSecretException if {@code bytes} is shorter than 10 or longer than 128 bytes
     */
    public static Secret fromBytesLegacy(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        checkLength(bytes.length, LEGACY_MIN_LENGTH);
        return new Secret(bytes.clone());
    }

    /**
     * Reads a secret from Base32 (RFC 4648 §6), leniently as people type it: upper or lower case, spaces and
     * {@code '-'} anywhere (e.g. {@code "JBSW Y3DP EHPK 3PXP ..."}), trailing {@code '='} padding present or not.
     * Bits past the last whole byte are ignored.
     *
     * <p>What stays in memory: the text is read character by character through {@link CharSequence#charAt} and
     * decoded straight into the key array, with no {@code String} made on the way; the one scratch copy (the
     * cleaned characters) is zeroed before this method returns, whether it returns or throws. The text itself is
     * the caller's: a {@code String} is immutable and stays in the heap until it is collected, which no library
     * can change. A caller that must be able to wipe the text passes {@code CharBuffer.wrap(chars)} and zeroes
     * {@code chars} afterwards. (The key array is the {@code Secret}'s for its lifetime; this class does not
     * pretend to wipe it either: it has no {@code destroy()}.)
     *
     * @param base32 the encoded secret
     * @return the secret
     * @throws NullPointerException if {@code base32} is null
     * @throws InvalidSecretException if a character is not Base32 (the message gives its position, counted from
     *     1, never the character or the secret), the padding is misplaced, the length is impossible for Base32,
     *     or the secret is shorter than 128 bits (an existing secret of 80 bits or more: see
     *     {@link #fromBase32Legacy}, which the message names) or longer than 1024 bits
     */
    public static Secret fromBase32(CharSequence base32) {
        return fromBase32(base32, MIN_LENGTH);
    }

    /**
     * Reads an existing secret from Base32 as {@link #fromBase32} does, accepting legacy lengths down to 80 bits
     * (16 Base32 characters, e.g. GoogleAuth's default keys): for verifying and importing the secrets of users
     * enrolled by another system, never for new enrollments.
     *
     * @param base32 the encoded secret
     * @return the secret; {@link #isLegacy()} is true if it is shorter than 128 bits
     * @throws NullPointerException if {@code base32} is null
     * @throws InvalidSecretException as {@link #fromBase32}, but the shortest secret accepted is 80 bits
     */
    public static Secret fromBase32Legacy(CharSequence base32) {
        return fromBase32(base32, LEGACY_MIN_LENGTH);
    }

    private static Secret fromBase32(CharSequence base32, int minLength) {
        Objects.requireNonNull(base32, "base32");
        char[] clean = new char[base32.length()];
        try {
            return new Secret(decodeBase32(base32, clean, minLength));
        } finally {
            Arrays.fill(clean, '\0');
        }
    }

    /** Cleans {@code base32} into {@code clean} (which the caller zeroes) and decodes it; no String on the way. */
    private static byte[] decodeBase32(CharSequence base32, char[] clean, int minLength) {
        int n = 0;
        int paddingAt = -1;
        for (int i = 0; i < base32.length(); i++) {
            char c = base32.charAt(i);
            if (c == ' ' || c == '-') {
                continue;
            }
            if (c == '=') {
                if (paddingAt < 0) {
                    paddingAt = i;
                }
                continue;
            }
            if (paddingAt >= 0) {
                throw new InvalidSecretException("invalid Base32 secret: padding '=' at position " + (paddingAt + 1)
                        + " is followed by more data; '=' may only end the secret");
            }
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - ('a' - 'A'));
            }
            if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) {
                throw new InvalidSecretException("invalid Base32 secret: character at position " + (i + 1)
                        + " is not one of A-Z, 2-7 (spaces, '-' and trailing '=' are ignored)");
            }
            clean[n++] = c;
        }
        if (n == 0) {
            throw new InvalidSecretException("invalid Base32 secret: it is empty");
        }
        // RFC 4648 §6: a final quantum has 2, 4, 5 or 7 characters, or the input is a multiple of 8.
        int rest = n % 8;
        if (rest == 1 || rest == 3 || rest == 6) {
            throw new InvalidSecretException("invalid Base32 secret: " + n
                    + " characters cannot be Base32 (a length modulo 8 of 1, 3 or 6 is impossible); "
                    + "a character may be missing or extra");
        }
        long byteLength = (long) n * 5 / 8;
        if (byteLength < minLength || byteLength > MAX_LENGTH) {
            checkLength((int) Math.min(byteLength, Integer.MAX_VALUE), minLength);
        }
        // RFC 4648 §6: each character carries 5 bits, most significant first; a byte is written once 8 are in.
        byte[] decoded = new byte[(int) byteLength];
        int buffer = 0;
        int bits = 0;
        int out = 0;
        for (int i = 0; i < n; i++) {
            char c = clean[i];
            int v = c >= 'A' ? c - 'A' : c - '2' + 26;
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                decoded[out++] = (byte) (buffer >>> bits);
                buffer &= (1 << bits) - 1; // keep only the bits not yet written, so no key bits linger in it
            }
        }
        return decoded;
    }

    private static void checkLength(int length, int minLength) {
        if (length < minLength && minLength == MIN_LENGTH) {
            throw new InvalidSecretException("secret too short: " + (length * 8L)
                    + " bits; RFC 4226 requires at least 128 bits (16 bytes, 26 Base32 characters)"
                    + (length >= LEGACY_MIN_LENGTH ? "; to import an existing secret of 80 bits or more, use"
                            + " Secret.fromBase32Legacy or Secret.fromBytesLegacy" : ""));
        }
        if (length < minLength) {
            throw new InvalidSecretException("secret too short: " + (length * 8L)
                    + " bits; even existing (legacy) secrets must have at least 80 bits (10 bytes, 16 Base32"
                    + " characters)");
        }
        if (length > MAX_LENGTH) {
            throw new InvalidSecretException("secret too long: " + (length * 8L) + " bits; at most 1024 bits allowed");
        }
    }

    /**
     * Returns a copy of the key bytes. Call it only to hand the key to a store or a sealing step.
     *
     * @return a new array holding the key
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Tells whether this is a legacy secret: shorter than 128 bits, accepted only through
     * {@link #fromBase32Legacy} or {@link #fromBytesLegacy}. Such a user should be asked to enrol again.
     *
     * @return true if the key has fewer than 128 bits
     */
    public boolean isLegacy() {
        return bytes.length < MIN_LENGTH;
    }

    /**
     * Returns the length of the key.
     *
     * @return the length, in bytes
     */
    public int length() {
        return bytes.length;
    }

    /**
     * Encodes the key as authenticator apps expect it: Base32, upper case, without padding.
     *
     * @return the Base32 text, e.g. {@code "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}
     */
    public String toBase32() {
        String s = new Base32().encodeAsString(bytes);
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * Encodes the key for people who type it into an authenticator app: Base32 as {@link #toBase32()}, in groups
     * of four characters separated by a space.
     *
     * @return the grouped text, e.g. {@code "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"}
     */
    public String toManualEntryKey() {
        String plain = toBase32();
        StringBuilder sb = new StringBuilder(plain.length() + plain.length() / 4);
        for (int i = 0; i < plain.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append(' ');
            }
            sb.append(plain.charAt(i));
        }
        return sb.toString();
    }

    /** The key itself, for the HMAC engine; never hand it out. */
    byte[] internalBytes() {
        return bytes;
    }

    /**
     * Compares the keys in constant time (for keys of equal length).
     *
     * @param o the other object
     * @return true if {@code o} is a secret with the same bytes
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && MessageDigest.isEqual(bytes, other.bytes);
    }

    /** Depends on the length only, so a hash table never learns anything about the key. */
    @Override
    public int hashCode() {
        return bytes.length;
    }

    /**
     * Describes the secret without showing it.
     *
     * @return e.g. {@code "Secret[160 bits]"}
     */
    @Override
    public String toString() {
        return "Secret[" + (bytes.length * 8) + " bits]";
    }
}
