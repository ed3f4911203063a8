package dev.kairos.mfa;

import dev.kairos.store.SealedSecret;
import dev.kairos.core.InvalidSecretException;
import dev.kairos.core.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals secrets for the store and opens them again: AES-GCM with a key of a {@link KeyRing}, or (explicitly) not
 * at all. See {@link SealedSecret} for the blob format.
 */
final class SecretSealer {

    static final byte FORMAT_UNSEALED = 0x00;
    static final byte FORMAT_AES_GCM = 0x01;
    private static final int NONCE_LENGTH = 12;   // NIST SP 800-38D §8.2: 96-bit random nonces
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * AES-GCM ciphers for this sealer, reused: {@code Cipher.getInstance} costs a provider lookup and about 6 KB of
     * allocation per call (JMH {@code ServiceVsEngine}, 6.5 KB/op of the service's overhead). A small pool of slots
     * in the instance, not a ThreadLocal: a ThreadLocal on a container's pooled thread outlives a redeployed
     * application; this pool goes away with the {@code Enrollments} that holds it. A cipher is re-initialised with
     * a fresh nonce (sealing) or the stored one (opening) on every use, so no state carries over between calls.
     */
    private static final int CIPHER_SLOTS = 16;
    private final AtomicReferenceArray<Cipher> ciphers = new AtomicReferenceArray<>(CIPHER_SLOTS);

    private Cipher takeCipher() {
        int slot = (int) (Thread.currentThread().getId() & (CIPHER_SLOTS - 1));
        Cipher cipher = ciphers.getAndSet(slot, null);
        return cipher != null ? cipher : newCipher();
    }

    private void giveBack(Cipher cipher) {
        int slot = (int) (Thread.currentThread().getId() & (CIPHER_SLOTS - 1));
        ciphers.lazySet(slot, cipher);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no AES/GCM/NoPadding", e);
        }
    }

    private final KeyRing keyRing; // null: unsealed

    private SecretSealer(KeyRing keyRing) {
        this.keyRing = keyRing;
    }

    static SecretSealer with(KeyRing keyRing) {
        return new SecretSealer(keyRing);
    }

    static SecretSealer unsealed() {
        return new SecretSealer(null);
    }

    SealedSecret seal(String accountId, Secret secret) {
        byte[] raw = secret.bytes();
        try {
            if (keyRing == null) {
                byte[] blob = new byte[raw.length + 1];
                blob[0] = FORMAT_UNSEALED;
                System.arraycopy(raw, 0, blob, 1, raw.length);
                SealedSecret s = new SealedSecret("", blob);
                Arrays.fill(blob, (byte) 0);
                return s;
            }
            String keyId = keyRing.primaryKeyId();
            byte[] nonce = new byte[NONCE_LENGTH];
            RANDOM.nextBytes(nonce);
            Cipher cipher = takeCipher();
            cipher.init(Cipher.ENCRYPT_MODE, keyRing.key(keyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(keyId, accountId));
            byte[] sealed = cipher.doFinal(raw);
            giveBack(cipher); // only after a complete doFinal: a cipher that threw is dropped
            byte[] blob = new byte[1 + NONCE_LENGTH + sealed.length];
            blob[0] = FORMAT_AES_GCM;
            System.arraycopy(nonce, 0, blob, 1, NONCE_LENGTH);
            System.arraycopy(sealed, 0, blob, 1 + NONCE_LENGTH, sealed.length);
            return new SealedSecret(keyId, blob);
        } catch (GeneralSecurityException e) {
            throw new SealedSecretException("could not seal the secret of account '" + accountId + "'", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    Secret open(String accountId, SealedSecret sealed) {
        byte[] blob = sealed.blob();
        String keyId = sealed.keyId();
        if (keyRing == null) {
            if (sealed.isSealed() || blob[0] != FORMAT_UNSEALED) {
                throw new SealedSecretException("the secret of account '" + accountId + "' is sealed (key id '"
                        + keyId + "'), but this Enrollments was built unsealed(); build it with sealWith(KeyRing) "
                        + "holding that key");
            }
            return toSecret(accountId, Arrays.copyOfRange(blob, 1, blob.length));
        }
        if (!sealed.isSealed()) {
            throw new SealedSecretException("the secret of account '" + accountId + "' is stored unsealed, but this "
                    + "Enrollments seals secrets; an unsealed secret is refused (whoever can write the store could "
                    + "have planted it)");
        }
        SecretKey key = keyRing.key(keyId);
        if (key == null) {
            throw new SealedSecretException("the secret of account '" + accountId + "' is sealed with key id '"
                    + keyId + "', which the key ring does not hold (it holds " + keyRing.keyIds() + ")");
        }
        if (blob[0] != FORMAT_AES_GCM || blob.length < 1 + NONCE_LENGTH + TAG_BITS / 8) {
            throw new SealedSecretException("the sealed secret of account '" + accountId
                    + "' has an unknown format or is truncated (expected format 1: AES-GCM)");
        }
        try {
            Cipher cipher = takeCipher();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 1, NONCE_LENGTH));
            cipher.updateAAD(associatedData(keyId, accountId));
            byte[] raw = cipher.doFinal(blob, 1 + NONCE_LENGTH, blob.length - 1 - NONCE_LENGTH);
            giveBack(cipher); // only after a complete doFinal: a cipher that threw is dropped
            return toSecret(accountId, raw);
        } catch (AEADBadTagException e) {
            throw new SealedSecretException("the sealed secret of account '" + accountId + "' (key id '" + keyId
                    + "') failed authentication: it was altered, or sealed for another account or key", e);
        } catch (GeneralSecurityException e) {
            throw new SealedSecretException("could not open the sealed secret of account '" + accountId
                    + "' (key id '" + keyId + "')", e);
        }
    }

    /** The key id new seals use, or "(unsealed)". */
    String primaryKeyId() {
        return keyRing == null ? "(unsealed)" : keyRing.primaryKeyId();
    }

    /**
     * The sealed secret a record's next version stores: {@code current}, or sealed again with the primary key if a
     * retired key sealed it ({@code opened} is the secret if the caller already opened it, else null).
     */
    SealedSecret resealed(String accountId, SealedSecret current, Secret opened) {
        if (!needsReseal(current)) {
            return current;
        }
        return seal(accountId, opened != null ? opened : open(accountId, current));
    }

    /** True if a write should seal the secret again: it was sealed with a key other than the primary one. */
    boolean needsReseal(SealedSecret sealed) {
        return keyRing != null && !keyRing.primaryKeyId().equals(sealed.keyId());
    }

    private static Secret toSecret(String accountId, byte[] raw) {
        try {
            // Legacy lengths too: an imported enrollment (Enrollments.importEnrollment) may hold an 80-bit secret,
            // flagged LEGACY_SECRET in its record; the service itself only ever seals 160-bit ones.
            return Secret.fromBytesLegacy(raw);
        } catch (InvalidSecretException e) {
            throw new SealedSecretException("the stored secret of account '" + accountId + "' has an invalid length");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * Binds the ciphertext to its account and key id, so a blob copied to another account (or relabelled with
     * another key id) fails to open.
     */
    private static byte[] associatedData(String keyId, String accountId) {
        return ("kairos/sealed-secret/v1\u0000" + keyId + "\u0000" + accountId).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return keyRing == null ? "unsealed" : "sealed with " + keyRing;
    }
}
