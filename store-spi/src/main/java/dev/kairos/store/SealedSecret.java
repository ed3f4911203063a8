package dev.kairos.store;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A TOTP secret in the form it is stored: the id of the key that sealed it, and an opaque blob. Stores persist
 * both as they are (e.g. a {@code VARCHAR(64)} and a {@code VARBINARY}/{@code BYTEA} column) and never interpret
 * them.
 *
 * <p>The blob's first byte is its format: {@code 0x01} is AES-GCM ({@code 0x01 || 12-byte nonce || ciphertext ||
 * 16-byte tag}, with the key id and account id as associated data), {@code 0x00} is an unsealed secret
 * ({@code 0x00 || raw key}) written by a service built unsealed
 * (e.g. {@code Enrollments.Builder.unsealed()} of kairos-mfa); its key id is the empty string.
 *
 * <p>Immutable and thread-safe: the blob is copied in and out. {@link #toString()} never shows it.
 *
 * @param keyId the id of the sealing key, 1 to 64 characters of {@code [A-Za-z0-9._-]}, or empty for an unsealed
 *     secret
 * @param blob the format byte and the sealed (or raw) secret, 2 to 1024 bytes
 */
// The array component is copied in and out, and equals/hashCode below compare its contents.
@SuppressWarnings("ArrayRecordComponent")
public record SealedSecret(String keyId, byte[] blob) {

    /** The longest key id, in characters. */
    public static final int MAX_KEY_ID_LENGTH = 64;
    /** The largest blob, in bytes. */
    public static final int MAX_BLOB_LENGTH = 1024;

    /**
     * Validates and copies.
     *
     * @param keyId the id of the sealing key, 1 to 64 characters of {@code [A-Za-z0-9._-]}, or empty for an
     *     unsealed secret
     * @param blob the format byte and the sealed (or raw) secret, 2 to 1024 bytes; copied
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the key id has a character outside {@code [A-Za-z0-9._-]} or is longer
     *     than 64 characters, or the blob is shorter than 2 or longer than 1024 bytes
     */
    public SealedSecret {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(blob, "blob");
        if (!keyId.isEmpty()) {
            checkKeyId(keyId);
        }
        if (blob.length < 2 || blob.length > MAX_BLOB_LENGTH) {
            throw new IllegalArgumentException(
                    "sealed secret blob must be 2 to " + MAX_BLOB_LENGTH + " bytes, got " + blob.length);
        }
        blob = blob.clone();
    }

    /**
     * Checks a key id: 1 to 64 characters of {@code [A-Za-z0-9._-]}.
     *
     * @param keyId the key id
     * @return the same key id
     * @throws NullPointerException if {@code keyId} is null
     * @throws IllegalArgumentException if it is empty, too long, or has another character
     */
    public static String checkKeyId(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        if (keyId.isEmpty() || keyId.length() > MAX_KEY_ID_LENGTH) {
            throw new IllegalArgumentException(
                    "key id must be 1 to " + MAX_KEY_ID_LENGTH + " characters, got " + keyId.length());
        }
        for (int i = 0; i < keyId.length(); i++) {
            char c = keyId.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                throw new IllegalArgumentException(
                        "key id has a character at position " + (i + 1) + " outside [A-Za-z0-9._-]");
            }
        }
        return keyId;
    }

    /**
     * Returns a copy of the blob.
     *
     * @return a new array holding the format byte and the sealed secret
     */
    @Override
    public byte[] blob() {
        return blob.clone();
    }

    /**
     * Tells whether the secret is sealed with a key (rather than stored unsealed).
     *
     * @return true if the key id is not empty
     */
    public boolean isSealed() {
        return !keyId.isEmpty();
    }

    /**
     * Compares key id and blob contents.
     *
     * @param o the other object, or null
     * @return true if {@code o} is a sealed secret with the same key id and the same blob bytes
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SealedSecret other && keyId.equals(other.keyId) && Arrays.equals(blob, other.blob);
    }

    /**
     * Hashes the key id and the blob length only.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return keyId.hashCode() * 31 + blob.length;
    }

    /**
     * Describes the sealed secret without its bytes.
     *
     * @return e.g. {@code "SealedSecret[keyId=2026-01, 45 bytes]"}
     */
    @Override
    public String toString() {
        return "SealedSecret[keyId=" + (keyId.isEmpty() ? "(unsealed)" : keyId) + ", " + blob.length + " bytes]";
    }
}
