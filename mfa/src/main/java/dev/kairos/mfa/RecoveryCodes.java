package dev.kairos.mfa;

import dev.kairos.store.RecoveryCodeHash;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Recovery codes: generated, normalised, hashed and checked.
 *
 * <p><b>Entropy and form.</b> A code is 16 characters from a 31-character alphabet without look-alikes (digits
 * 2-9 and upper-case letters without {@code I L O}, so no {@code 0/O} or {@code 1/I/L} confusion when read aloud
 * or copied from paper), shown as {@code XXXX-XXXX-XXXX-XXXX}: 16 × log2(31) ≈ 79.3 bits from {@link SecureRandom}.
 * NIST SP 800-63B §5.1.2.2 asks for rate limiting of look-up secrets only below 64 bits; at 79 bits an online
 * guess succeeds with probability 2<sup>-79</sup> × (codes per account), so recovery is never throttled and an
 * attacker's wrong guesses cannot close it. Groups of four are what people copy without losing their place. Input
 * is normalised before it is checked: case is ignored, spaces and {@code '-'} anywhere are dropped. Codes of the
 * first release (12 characters, about 59 bits) keep working.
 *
 * <p><b>Storage: one key derivation per attempt.</b> A set of codes shares one 16-byte random salt, stored in each
 * entry as {@code pbkdf2-sha256-set$<iterations>$<salt>$<hash>} (JDK {@code PBKDF2WithHmacSHA256}, 256-bit
 * output, Base64). Checking an attempt derives its hash once per distinct salt (so once for a set issued by this
 * version, whatever the number of codes) and compares it with every stored hash by {@link MessageDigest#isEqual},
 * without stopping at a match. A shared salt lets someone who stole the database test a guess against the whole
 * set at once, which costs them log2(10) ≈ 3.3 of 79 bits: still out of reach. Entries of the first release
 * ({@code pbkdf2-sha256$...}, a salt per code) still verify, at one derivation each. The parameters are in each
 * entry, so the iteration count can change without invalidating codes.
 *
 * <p><b>Imported codes</b> ({@link Enrollments#importEnrollment}) are the codes another system issued, e.g.
 * GoogleAuth's 8-digit scratch codes, Keycloak's or java-totp's letter-and-digit codes. They do not fit the alphabet
 * above (GoogleAuth's use 0 and 1), so they have their own normalisation and their own hash prefix,
 * {@code pbkdf2-sha256-import$<iterations>$<salt>$<hash>} (one salt per imported set, as above): spaces and
 * {@code '-'} are dropped, ASCII letters upper-cased, and what remains must be 6 to 32 ASCII letters and digits.
 * A typed input is compared with imported entries only through that normalisation, and with native entries only
 * through theirs, so neither kind can match the other's hash. Their entropy is the old system's (8 digits: 26.6
 * bits, far below the 64 bits under which NIST SP 800-63B §5.1.2.2 asks for rate limiting), so a wrong imported
 * code is counted and locked out like a wrong TOTP code, unlike a wrong native one.
 */
final class RecoveryCodes {

    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    static final int LENGTH = 16;
    static final int LEGACY_LENGTH = 12;
    static final int GROUP = 4;
    static final int ITERATIONS = 4096;
    private static final int SALT_LENGTH = 16;
    private static final int HASH_BITS = 256;
    static final String SET_PREFIX = "pbkdf2-sha256-set";
    static final String LEGACY_PREFIX = "pbkdf2-sha256";
    static final String IMPORT_PREFIX = "pbkdf2-sha256-import";
    static final int IMPORT_MIN_LENGTH = 6;
    static final int IMPORT_MAX_LENGTH = 32;
    private static final int MAX_INPUT_LENGTH = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {
    }

    /** New codes, formatted {@code XXXX-XXXX-XXXX-XXXX}, all different. */
    static List<String> generate(int count) {
        List<String> codes = new ArrayList<>(count);
        while (codes.size() < count) {
            StringBuilder sb = new StringBuilder(LENGTH + 3);
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

    /**
     * The code as it is hashed (16, or for first-release codes 12, upper-case characters), or empty if the input
     * cannot be a recovery code.
     */
    static Optional<String> normalize(CharSequence input) {
        return upperCaseWithoutSeparators(input, ALPHABET::indexOf, LENGTH)
                .filter(c -> c.length() == LENGTH || c.length() == LEGACY_LENGTH);
    }

    /**
     * An imported code as it is hashed (6 to 32 upper-case ASCII letters and digits), or empty if the input cannot
     * be one. See the class comment.
     */
    static Optional<String> normalizeImported(CharSequence input) {
        return upperCaseWithoutSeparators(input, c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? 0 : -1,
                IMPORT_MAX_LENGTH).filter(c -> c.length() >= IMPORT_MIN_LENGTH);
    }

    /**
     * Typed input with spaces and {@code '-'} dropped and ASCII letters upper-cased, or empty if it has a character
     * {@code indexIn} refuses (a negative answer) or more than {@code max} characters are left.
     */
    private static Optional<String> upperCaseWithoutSeparators(CharSequence input,
            java.util.function.IntUnaryOperator indexIn, int max) {
        if (input == null || input.length() > MAX_INPUT_LENGTH) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder(max);
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == ' ' || c == '-') {
                continue;
            }
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - ('a' - 'A'));
            }
            if (indexIn.applyAsInt(c) < 0 || sb.length() == max) {
                return Optional.empty();
            }
            sb.append(c);
        }
        return Optional.of(sb.toString());
    }

    /** A new set: the codes to show once, and their hashes to store, in the same order. */
    record Issued(List<String> codes, List<RecoveryCodeHash> hashes) {
    }

    /** Generates {@code count} new codes and hashes them as one set. */
    static Issued issue(int count) {
        List<String> codes = generate(count);
        return new Issued(codes, hashSet(codes));
    }

    /** Hashes a whole set with one fresh salt, in order. */
    static List<RecoveryCodeHash> hashSet(List<String> codes) {
        List<String> normalized = new ArrayList<>(codes.size());
        for (String code : codes) {
            normalized.add(normalize(code).orElseThrow(() -> new IllegalArgumentException("not a recovery code")));
        }
        return hash(SET_PREFIX, normalized);
    }

    /**
     * Hashes codes imported from another system with one fresh salt, in order.
     *
     * @throws IllegalArgumentException naming the position (never the code) of a code that cannot be imported or
     *     repeats an earlier one
     */
    static List<RecoveryCodeHash> hashImported(List<String> codes) {
        List<String> normalized = new ArrayList<>(codes.size());
        for (int i = 0; i < codes.size(); i++) {
            int position = i + 1;
            String n = normalizeImported(codes.get(i)).orElseThrow(() -> new IllegalArgumentException("existing "
                    + "recovery code " + position + " cannot be imported: it must be 6 to 32 ASCII letters and digits"
                    + " (spaces and '-' are ignored)"));
            if (normalized.contains(n)) {
                throw new IllegalArgumentException("existing recovery code " + position + " repeats an earlier one");
            }
            normalized.add(n);
        }
        return hash(IMPORT_PREFIX, normalized);
    }

    private static List<RecoveryCodeHash> hash(String prefix, List<String> normalized) {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        String head = prefix + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$";
        List<RecoveryCodeHash> hashes = new ArrayList<>(normalized.size());
        for (String code : normalized) {
            hashes.add(new RecoveryCodeHash(head + b64.encodeToString(pbkdf2(code, salt, ITERATIONS)), false));
        }
        return hashes;
    }

    /** Whether any stored entry is an imported code. */
    static boolean hasImported(List<RecoveryCodeHash> stored) {
        return stored.stream().anyMatch(h -> h.encoded().startsWith(IMPORT_PREFIX + "$"));
    }

    /**
     * Index of the unused stored code that {@code normalized} is, or -1. Derives once per distinct salt and
     * compares with every entry, used ones included, without stopping at a match, so the time depends on the
     * number of entries and salts only, not on which (if any) matched.
     */
    static int find(String normalized, List<RecoveryCodeHash> stored) {
        return find(normalized, stored, false);
    }

    /** As {@link #find(String, List)}, among the imported entries ({@code imported}) or the native ones. */
    static int find(String normalized, List<RecoveryCodeHash> stored, boolean imported) {
        Map<String, byte[]> derived = new HashMap<>(2);
        int match = -1;
        for (int i = 0; i < stored.size(); i++) {
            RecoveryCodeHash entry = stored.get(i);
            String[] parts = entry.encoded().split("\\$", -1);
            boolean kind = imported ? IMPORT_PREFIX.equals(parts[0])
                    : SET_PREFIX.equals(parts[0]) || LEGACY_PREFIX.equals(parts[0]);
            if (parts.length != 4 || !kind) {
                continue; // a corrupt entry, or one of the other kind, matches nothing
            }
            byte[] expected;
            byte[] actual;
            try {
                int iterations = Integer.parseInt(parts[1]);
                if (iterations < 1 || iterations > 10_000_000) {
                    continue;
                }
                byte[] salt = Base64.getDecoder().decode(parts[2]);
                expected = Base64.getDecoder().decode(parts[3]);
                // A set shares its salt: derive once per (salt, iterations). First-release entries each have
                // their own salt, so they cost one derivation each, as before.
                actual = derived.computeIfAbsent(parts[1] + "$" + parts[2], k -> pbkdf2(normalized, salt, iterations));
            } catch (IllegalArgumentException e) {
                continue;
            }
            boolean equal = MessageDigest.isEqual(expected, actual);
            if (equal && !entry.used() && match < 0) {
                match = i;
            }
        }
        return match;
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
