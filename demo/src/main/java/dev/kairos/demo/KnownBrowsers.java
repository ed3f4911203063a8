package dev.kairos.demo;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Browsers in which an account signed in before: a cookie {@code id.mac}, where the MAC (HMAC-SHA256 with a key
 * kept in the data folder, shared by both portals) binds the random browser id to the account. A known browser is
 * throttled on its own count of wrong passwords, not on the account's or the address's, so an outsider's wrong
 * passwords cannot lock the owner out of the browser they always use (issue 24, finding 3; OWASP's "device
 * cookies").
 *
 * <p>Thread-safe: a {@link Mac} per call.
 */
final class KnownBrowsers {

    static final String COOKIE = "KAIROS_KNOWN_BROWSER";
    private static final Duration LIFETIME = Duration.ofDays(180);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    KnownBrowsers(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the known-browser key must have at least 32 bytes");
        }
        this.key = key.clone();
    }

    /** The cookie of this request's browser, as sent (checked later against the account typed). */
    static Optional<String> cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName()) && c.getValue() != null && c.getValue().length() <= 200) {
                return Optional.of(c.getValue());
            }
        }
        return Optional.empty();
    }

    /** The browser's id if the cookie was made by {@link #remember} for this account. */
    Optional<String> browserOf(Optional<String> cookie, String account) {
        if (cookie.isEmpty()) {
            return Optional.empty();
        }
        String value = cookie.get();
        int dot = value.indexOf('.');
        if (dot < 1) {
            return Optional.empty();
        }
        String id = value.substring(0, dot);
        byte[] sent = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = mac(id, account).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(sent, expected) ? Optional.of(id) : Optional.empty();
    }

    /** After a right password: this browser is known for the account (HttpOnly, SameSite=Strict, 180 days). */
    void remember(HttpServletRequest request, HttpServletResponse response, String account) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String browser = B64.encodeToString(id);
        response.addHeader("Set-Cookie", COOKIE + "=" + browser + "." + mac(browser, account) + "; Path=/; Max-Age="
                + LIFETIME.toSeconds() + "; HttpOnly; SameSite=Strict" + (request.isSecure() ? "; Secure" : ""));
    }

    private String mac(String browser, String account) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal((browser + "\n" + account).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
