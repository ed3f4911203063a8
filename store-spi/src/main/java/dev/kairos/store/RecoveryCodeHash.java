package dev.kairos.store;

import java.util.Objects;

/**
 * One stored recovery code: its salted hash, and whether it was used. The code itself is never stored.
 *
 * <p>{@code encoded} is ASCII, at most 200 characters, and opaque to stores, which persist it as it is (a
 * {@code VARCHAR(200)}); today it reads {@code pbkdf2-sha256$<iterations>$<salt, Base64>$<hash, Base64>}.
 * Immutable and thread-safe; {@link #toString()} does not show the hash.
 *
 * @param encoded the algorithm, parameters, salt and hash in one string
 * @param used true once the code was accepted; a used code is never accepted again
 */
public record RecoveryCodeHash(String encoded, boolean used) {

    /** The longest encoded form, in characters. */
    public static final int MAX_ENCODED_LENGTH = 200;

    /**
     * Validates the encoded form.
     *
     * @param encoded the algorithm, parameters, salt and hash in one string: 1 to 200 printable ASCII characters,
     *     no spaces
     * @param used true once the code was accepted
     * @throws NullPointerException if {@code encoded} is null
     * @throws IllegalArgumentException if {@code encoded} is empty, longer than 200 characters or not printable
     *     ASCII
     */
    public RecoveryCodeHash {
        Objects.requireNonNull(encoded, "encoded");
        if (encoded.isEmpty() || encoded.length() > MAX_ENCODED_LENGTH) {
            throw new IllegalArgumentException("encoded recovery code hash must be 1 to " + MAX_ENCODED_LENGTH
                    + " characters, got " + encoded.length());
        }
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("encoded recovery code hash must be printable ASCII without "
                        + "spaces; position " + (i + 1) + " is not");
            }
        }
    }

    /**
     * Returns this entry marked as used.
     *
     * @return a copy with {@code used} true
     */
    public RecoveryCodeHash markUsed() {
        return new RecoveryCodeHash(encoded, true);
    }

    /**
     * Describes the entry without its hash.
     *
     * @return {@code "RecoveryCodeHash[used]"} or {@code "RecoveryCodeHash[unused]"}
     */
    @Override
    public String toString() {
        return "RecoveryCodeHash[" + (used ? "used" : "unused") + "]";
    }
}
