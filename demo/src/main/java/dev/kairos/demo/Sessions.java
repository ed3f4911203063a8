package dev.kairos.demo;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side sessions, referenced by a random 256-bit id in an {@code HttpOnly}, {@code SameSite=Lax} cookie. The
 * id changes whenever the session gains privileges (password accepted, code accepted), so an id planted before
 * sign-in is worthless after it (session fixation).
 */
final class Sessions {

    static final String COOKIE = "kairos_session";
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** How far a session got through sign-in. */
    enum Stage {
        /** No one signed in yet; holds only the CSRF token of the sign-in form. */
        ANONYMOUS,
        /** Password accepted; the MFA code (or a recovery code) is still needed. */
        AWAITING_CODE,
        /** Fully signed in. */
        SIGNED_IN,
        /** MFA was just activated: only the recovery codes page and sign-out are reachable. */
        SHOWING_RECOVERY_CODES
    }

    /** One session. Mutable, confined to the requests of one browser; fields are volatile for the server's pool. */
    static final class Session {
        final String id;
        final String csrfToken;
        volatile Instant lastSeen;
        volatile Stage stage = Stage.ANONYMOUS;
        volatile String email;
        /** The enrollment being set up, kept so a wrong code re-shows the same QR code. */
        volatile Mfa.Setup pendingSetup;
        /** Shown once, right after activation, then dropped with the session. */
        volatile List<String> recoveryCodes = List.of();
        /** A one-time message for the next page. */
        volatile String notice;

        private Session(String id, String csrfToken, Instant now) {
            this.id = id;
            this.csrfToken = csrfToken;
            this.lastSeen = now;
        }

        boolean csrfMatches(String token) {
            return token != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.US_ASCII),
                    token.getBytes(StandardCharsets.US_ASCII));
        }

        String takeNotice() {
            String n = notice;
            notice = null;
            return n;
        }
    }

    private final ConcurrentHashMap<String, Session> byId = new ConcurrentHashMap<>();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    Session create() {
        Session s = new Session(randomToken(), randomToken(), clock.instant());
        byId.put(s.id, s);
        return s;
    }

    /** Finds a live session and marks it used; an unknown or idle-expired id finds nothing. */
    Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (s.lastSeen.plus(IDLE_TIMEOUT).isBefore(now)) {
            byId.remove(id, s);
            return Optional.empty();
        }
        s.lastSeen = now;
        return Optional.of(s);
    }

    /** Moves a session's state to a fresh id and CSRF token; the old id stops working at once. */
    Session rotate(Session old) {
        Session s = create();
        s.stage = old.stage;
        s.email = old.email;
        s.pendingSetup = old.pendingSetup;
        s.recoveryCodes = old.recoveryCodes;
        s.notice = old.notice;
        byId.remove(old.id);
        return s;
    }

    void invalidate(Session s) {
        byId.remove(s.id);
    }

    /** Signs a user out everywhere (used when an admin resets their MFA). */
    void invalidateAllOf(String email) {
        byId.values().removeIf(s -> email.equals(s.email));
    }

    int size() {
        return byId.size();
    }

    private static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
