package dev.kairos.mfa;

import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.SealedSecret;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES keys that seal TOTP secrets before they reach an {@link EnrollmentStore}: one primary key that seals
 * every secret written, and older keys that still open secrets sealed before a rotation. A secret sealed with an
 * older key is sealed again with the primary key the next time its record is written.
 *
 * <pre>{@code
 * KeyRing keys = KeyRing.of("2026-03", newKeyBytes).withRetiredKey("2025-09", oldKeyBytes);
 * Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").sealWith(keys).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. The key bytes are copied in and never handed out; {@link #toString()} shows the
 * key ids only.
 */
public final class KeyRing {

    private final String primaryKeyId;
    private final Map<String, SecretKey> keys;

    private KeyRing(String primaryKeyId, Map<String, SecretKey> keys) {
        this.primaryKeyId = primaryKeyId;
        this.keys = Collections.unmodifiableMap(keys);
    }

    /**
     * Returns a key ring with one key, which seals and opens.
     *
     * @param keyId the key's id, stored beside every secret it seals: 1 to 64 characters of {@code [A-Za-z0-9._-]}
     * @param aesKey the AES key: 16, 24 or 32 bytes (copied); 32 recommended
     * @return the key ring
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the key id breaks its rules or the key has another length
     */
    public static KeyRing of(String keyId, byte[] aesKey) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        keys.put(SealedSecret.checkKeyId(keyId), aesKey(aesKey));
        return new KeyRing(keyId, keys);
    }

    /**
     * Returns a copy that also holds an older key, which opens secrets sealed with it but seals nothing.
     *
     * @param keyId the older key's id
     * @param aesKey the older AES key: 16, 24 or 32 bytes (copied)
     * @return the new key ring
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the key id breaks its rules or is already in the ring, or the key has
     *     another length
     */
    public KeyRing withRetiredKey(String keyId, byte[] aesKey) {
        SealedSecret.checkKeyId(keyId);
        if (keys.containsKey(keyId)) {
            throw new IllegalArgumentException("key id '" + keyId + "' is already in the key ring");
        }
        Map<String, SecretKey> more = new LinkedHashMap<>(keys);
        more.put(keyId, aesKey(aesKey));
        return new KeyRing(primaryKeyId, more);
    }

    private static SecretKey aesKey(byte[] aesKey) {
        Objects.requireNonNull(aesKey, "aesKey");
        if (aesKey.length != 16 && aesKey.length != 24 && aesKey.length != 32) {
            throw new IllegalArgumentException(
                    "an AES key must be 16, 24 or 32 bytes (128, 192 or 256 bits), got " + aesKey.length + " bytes");
        }
        return new SecretKeySpec(aesKey.clone(), "AES");
    }

    /**
     * Returns the id of the key that seals.
     *
     * @return the primary key id
     */
    public String primaryKeyId() {
        return primaryKeyId;
    }

    /**
     * Returns the ids of all keys, primary first.
     *
     * @return an unmodifiable set of key ids
     */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** The key for an id, or null if the ring does not hold it. */
    SecretKey key(String keyId) {
        return keys.get(keyId);
    }

    /**
     * Describes the key ring by its key ids, never the keys.
     *
     * @return e.g. {@code "KeyRing[primary=2026-03, keys=[2026-03, 2025-09]]"}
     */
    @Override
    public String toString() {
        return "KeyRing[primary=" + primaryKeyId + ", keys=" + keys.keySet() + "]";
    }
}
