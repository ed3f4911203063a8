package dev.kairos.spring;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The remembered-browser cookie's value: {@code v1.<account>.<secret>.<expiry>.<mac>}, the account and the 32
 * random secret bytes in unpadded Base64url, the expiry in epoch seconds, and an HMAC-SHA256 over everything
 * before the last dot under the application's key. The MAC lets a forged or altered cookie be refused before any
 * store is asked; the record ({@link RememberedBrowser}, found by the secret's SHA-256) is what makes it valid, so
 * a cookie can be revoked. Thread-safe (a {@code Mac} per call: a handful per sign-in).
 */
final class BrowserTokens {

    /** Longer cookie values are refused unread (an account id is at most 256 characters). */
    static final int MAX_LENGTH = 512;

    private static final String VERSION = "v1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    /** A cookie's content once its MAC was checked. */
    record Token(String accountId, String id, Instant expiresAt) {
    }

    /** A new cookie value and the id of its record. */
    record Issued(String value, String id) {
    }

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param key the HMAC key: at least 32 bytes */
    BrowserTokens(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the remembered-browser key must be at least 32 bytes, got "
                    + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    Issued issue(String accountId, Instant expiresAt) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String signed = VERSION + "." + B64.encodeToString(accountId.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(secret) + "." + expiresAt.getEpochSecond();
        return new Issued(signed + "." + B64.encodeToString(mac(signed)), id(secret));
    }

    /** The token a cookie value carries, if it is well-formed and its MAC is right; expiry is the caller's check. */
    Optional<Token> read(String value) {
        if (value == null || value.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 5 || !parts[0].equals(VERSION)) {
            return Optional.empty();
        }
        try {
            String signed = value.substring(0, value.lastIndexOf('.'));
            if (!MessageDigest.isEqual(mac(signed), B64_DECODER.decode(parts[4]))) {
                return Optional.empty();
            }
            byte[] secret = B64_DECODER.decode(parts[2]);
            if (secret.length != 32) {
                return Optional.empty();
            }
            return Optional.of(new Token(new String(B64_DECODER.decode(parts[1]), StandardCharsets.UTF_8),
                    id(secret), Instant.ofEpochSecond(Long.parseLong(parts[3]))));
        } catch (IllegalArgumentException | DateTimeException e) {
            return Optional.empty(); // not Base64url, not a number, or out of Instant's range: not ours
        }
    }

    private byte[] mac(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** The record id of a secret: its SHA-256 in lowercase hex. */
    static String id(byte[] secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A key derived from another: HMAC-SHA256(key, purpose), so the sealing key itself never signs a cookie. */
    static byte[] derive(byte[] key, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
