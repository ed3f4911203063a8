package dev.kairos.mfa;

import dev.kairos.store.RecoveryCodeHash;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Recovery codes: generated, normalized, hashed and checked.
 *
 * <p>A code is 12 characters from a 31-character alphabet without look-alikes (no {@code 0 O 1 I L}), shown as
 * {@code XXXX-XXXX-XXXX}: 12 × log2(31) ≈ 59.4 bits from {@link SecureRandom}. Input is normalized before it is
 * checked: case is ignored, and spaces and {@code '-'} anywhere are dropped.
 *
 * <p>Stored as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (JDK {@code PBKDF2WithHmacSHA256}, 16-byte random
 * salt per code, 256-bit output, Base64). Why PBKDF2 with a modest count rather than one SHA-256: the codes are
 * random, so there is no dictionary to slow down, and the per-code salt already rules out precomputed tables and
 * testing one guess against many codes at once. But 59 bits alone is within reach of a GPU farm that has read a
 * database dump (about 2<sup>58</sup> SHA-256 per code); 4096 iterations add 12 bits, making it about
 * 2<sup>70</sup> HMAC computations per code, while checking a code costs the server about a millisecond per stored
 * code. The iteration count is stored in each entry, so it can be raised later without invalidating codes.
 * Hashes are compared with {@link MessageDigest#isEqual}, in constant time.
 */
final class RecoveryCodes {

    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    static final int LENGTH = 12;
    static final int GROUP = 4;
    static final int ITERATIONS = 4096;
    private static final int SALT_LENGTH = 16;
    private static final int HASH_BITS = 256;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int MAX_INPUT_LENGTH = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {
    }

    /** New codes, formatted {@code XXXX-XXXX-XXXX}, all different. */
    static List<String> generate(int count) {
        List<String> codes = new ArrayList<>(count);
        while (codes.size() < count) {
            StringBuilder sb = new StringBuilder(LENGTH + 2);
            for (int i = 0; i < LENGTH; i++) {
                if (i > 0 && i % GROUP == 0) {
                    sb.append('-');
                }
                sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            String code = sb.toString();
            if (!codes.contains(code)) {
                codes.add(code);
            }
        }
        return codes;
    }

    /** The code as it is hashed (12 upper-case characters), or empty if the input cannot be a recovery code. */
    static Optional<String> normalize(CharSequence input) {
        if (input == null || input.length() > MAX_INPUT_LENGTH) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder(LENGTH);
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == ' ' || c == '-') {
                continue;
            }
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - ('a' - 'A'));
            }
            if (ALPHABET.indexOf(c) < 0 || sb.length() == LENGTH) {
                return Optional.empty();
            }
            sb.append(c);
        }
        return sb.length() == LENGTH ? Optional.of(sb.toString()) : Optional.empty();
    }

    static RecoveryCodeHash hash(String normalized) {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return new RecoveryCodeHash(PREFIX + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(normalized, salt, ITERATIONS)), false);
    }

    /** True if {@code normalized} is the code behind {@code stored}; false for any other code or a corrupt entry. */
    static boolean matches(String normalized, RecoveryCodeHash stored) {
        String[] parts = stored.encoded().split("\\$", -1);
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations < 1 || iterations > 10_000_000) {
                return false;
            }
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, pbkdf2(normalized, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] pbkdf2(String normalized, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(normalized.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
