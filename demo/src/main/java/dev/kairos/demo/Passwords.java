package dev.kairos.demo;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashing with PBKDF2-HMAC-SHA256 from the JDK. A hash is stored as
 * {@code pbkdf2-sha256$iterations$salt$hash} (Base64), so the cost can be raised later without breaking old hashes.
 */
final class Passwords {

    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    static final int DEFAULT_ITERATIONS = 600_000;

    private static final String PREFIX = "pbkdf2-sha256";

    /**
     * A hash of no one's password at {@link #DEFAULT_ITERATIONS}, checked for unknown accounts so that they cost as
     * much as known ones; committed rather than made at start-up, which would cost a third of a second of CPU.
     */
    private static final String DEFAULT_DUMMY_HASH =
            "pbkdf2-sha256$600000$TJrcGvLqlQOLx5du8diQMA$yGjOVxLy8hJwcRf0GeoTOEDwK1qxd4nXbCpx/JD80KM";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final String dummyHash;
    private final AtomicLong derivations = new AtomicLong();

    Passwords(int iterations) {
        if (iterations < 1_000) {
            throw new IllegalArgumentException("iterations must be at least 1000, got " + iterations);
        }
        this.iterations = iterations;
        this.dummyHash = iterations == DEFAULT_ITERATIONS ? DEFAULT_DUMMY_HASH : hash("not a password".toCharArray());
    }

    /** The PBKDF2 cost of new hashes. */
    int iterations() {
        return iterations;
    }

    String hash(char[] password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, iterations));
    }

    /** Checks a password in constant time; a null hash (unknown user) costs as much as a real one. */
    boolean matches(char[] password, String storedHash) {
        boolean known = storedHash != null;
        String[] parts = (known ? storedHash : dummyHash).split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(parts[3]);
        byte[] actual = derive(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
        derivations.incrementAndGet();
        return MessageDigest.isEqual(expected, actual) && known;
    }

    /** How many password checks ran PBKDF2 (tests compare the work for known and unknown accounts). */
    long derivations() {
        return derivations.get();
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            KeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }
}
