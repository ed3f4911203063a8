package dev.kairos.spring;

import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentState;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.InvalidAccountException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Issues, recognizes and forgets remembered browsers: the cookie ({@link BrowserTokens}) and its record
 * ({@link RememberedBrowsers}), bound to the account and to its current enrollment. Thread-safe.
 */
final class RememberedBrowserService {

    /**
     * The request attribute under which the pages find the {@link Offer}; absent when the feature is off, so the
     * code page offers nothing and the "MFA is on" page links to nothing.
     */
    static final String OFFER = RememberedBrowserService.class.getName() + ".OFFER";

    /**
     * What the pages offer: "don't ask again" for this many days, and the list of remembered browsers.
     *
     * @param days how many whole days a browser is remembered (at least 1)
     * @param path the remembered-browsers page (relative to the context path)
     */
    record Offer(long days, String path) {
    }

    /** The form field (and JSON field) that asks to be remembered: {@code remember=true}. */
    static final String FIELD = "remember";

    private final RememberedBrowsers browsers;
    private final BrowserTokens tokens;
    private final EnrollmentStore store;
    private final Clock clock;
    private final RememberedBrowsersProperties properties;
    private final ApplicationEventPublisher events;

    RememberedBrowserService(RememberedBrowsers browsers, BrowserTokens tokens, EnrollmentStore store, Clock clock,
            RememberedBrowsersProperties properties, ApplicationEventPublisher events) {
        this.browsers = browsers;
        this.tokens = tokens;
        this.store = store;
        this.clock = clock;
        this.properties = properties;
        this.events = events;
    }

    RememberedBrowsersProperties properties() {
        return properties;
    }

    /** What the pages offer. */
    Offer offer() {
        return new Offer(Math.max(1, properties.duration().toDays()), properties.path());
    }

    /**
     * The account's current enrollment as a record field: its creation and confirmation instants. Empty without
     * an active enrollment (nothing to remember, or nothing to recognize). One store read.
     */
    Optional<String> enrollment(String accountId) {
        Optional<EnrollmentRecord> found;
        try {
            found = store.find(accountId);
        } catch (InvalidAccountException e) {
            return Optional.empty();
        }
        return found.filter(r -> r.state() == EnrollmentState.ACTIVE && r.confirmedAt().isPresent())
                .map(r -> r.createdAt().toEpochMilli() + "." + r.confirmedAt().get().toEpochMilli());
    }

    /** Wraps the code page's success handler: a right code with {@code remember=true} remembers this browser. */
    AuthenticationSuccessHandler issuingThen(AuthenticationSuccessHandler next) {
        return issuingThen(next, request -> "true".equals(request.getParameter(FIELD)));
    }

    /** The same, for a request that says otherwise whether it asks to be remembered (a JSON body). */
    AuthenticationSuccessHandler issuingThen(AuthenticationSuccessHandler next, Predicate<HttpServletRequest> asked) {
        return (request, response, authentication) -> {
            if (asked.test(request)) {
                remember(request, response, authentication.getName());
            }
            next.onAuthenticationSuccess(request, response, authentication);
        };
    }

    /** Issues the cookie and records it; nothing when the account has no active enrollment. */
    void remember(HttpServletRequest request, HttpServletResponse response, String accountId) {
        Optional<String> enrollment = enrollment(accountId);
        if (enrollment.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant expires = now.plus(properties.duration());
        BrowserTokens.Issued issued = tokens.issue(accountId, expires);
        browsers.add(new RememberedBrowser(issued.id(), accountId, enrollment.get(), now, expires,
                describe(request.getHeader("User-Agent"))));
        response.addCookie(cookie(request, issued.value(), properties.duration()));
        publish(RememberedBrowserEvent.Type.REMEMBERED, accountId, request, "until " + expires);
    }

    /**
     * The record this request's cookie stands for, if it is valid for the account now: the MAC right, issued to
     * this account, not expired, not forgotten, and issued under the account's current enrollment. A cookie that
     * is present but not valid is refused with an event (the caller clears it). Two reads: the record, the
     * enrollment.
     */
    Optional<RememberedBrowser> recognize(HttpServletRequest request, String accountId) {
        Optional<String> value = cookieValue(request);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Verdict verdict = check(value.get(), accountId);
        if (verdict instanceof Verdict.Refused refused) {
            publish(RememberedBrowserEvent.Type.REFUSED, accountId, request, refused.reason());
            return Optional.empty();
        }
        return Optional.of(((Verdict.Valid) verdict).browser());
    }

    /** A cookie value checked for an account: the record it stands for, or why not. */
    private sealed interface Verdict {
        record Valid(RememberedBrowser browser) implements Verdict {
        }

        record Refused(String reason) implements Verdict {
        }
    }

    private Verdict check(String value, String accountId) {
        Optional<BrowserTokens.Token> token = tokens.read(value);
        if (token.isEmpty()) {
            return new Verdict.Refused("not signed with this application's key");
        }
        Instant now = clock.instant();
        if (!token.get().accountId().equals(accountId)) {
            return new Verdict.Refused("issued to another account");
        }
        if (!now.isBefore(token.get().expiresAt())) {
            return new Verdict.Refused("expired");
        }
        Optional<RememberedBrowser> record = browsers.find(token.get().id());
        if (record.isEmpty() || !record.get().accountId().equals(accountId)) {
            return new Verdict.Refused("forgotten");
        }
        if (!record.get().validAt(now)) {
            return new Verdict.Refused("expired");
        }
        if (!enrollment(accountId).equals(Optional.of(record.get().enrollment()))) {
            return new Verdict.Refused("issued under an earlier enrollment");
        }
        return new Verdict.Valid(record.get());
    }

    /** A remembered browser stood in for the code. */
    void recognized(HttpServletRequest request, String accountId) {
        publish(RememberedBrowserEvent.Type.RECOGNIZED, accountId, request, "the code was not asked for");
    }

    /** This request's cookie value, if it sent one. */
    Optional<String> cookieValue(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (properties.cookieName().equals(c.getName())) {
                return Optional.ofNullable(c.getValue());
            }
        }
        return Optional.empty();
    }

    /** Tells the browser to drop its cookie. */
    void clear(HttpServletRequest request, HttpServletResponse response) {
        response.addCookie(cookie(request, "", Duration.ZERO));
    }

    List<RememberedBrowser> list(String accountId) {
        Instant now = clock.instant();
        return browsers.list(accountId).stream().filter(b -> b.validAt(now)).toList();
    }

    /** The record of this request's cookie, if the cookie is valid for the account (no event). */
    Optional<String> currentId(HttpServletRequest request, String accountId) {
        return cookieValue(request).map(v -> check(v, accountId))
                .flatMap(v -> v instanceof Verdict.Valid valid ? Optional.of(valid.browser().id()) : Optional.empty());
    }

    /** "Sign out other browsers": forgets every remembered browser of the account but this request's one. */
    int forgetOthers(HttpServletRequest request, String accountId) {
        Optional<String> kept = currentId(request, accountId);
        int forgotten = kept.isPresent() ? browsers.forgetAllExcept(accountId, kept.get())
                : browsers.forgetAll(accountId);
        publish(RememberedBrowserEvent.Type.FORGOTTEN, accountId, request,
                "signed out other browsers: " + forgotten + " forgotten");
        return forgotten;
    }

    /** Forgets every remembered browser of an account (an enrollment change); the event says why and how many. */
    void forgetAll(String accountId, String why) {
        int forgotten = browsers.forgetAll(accountId);
        events.publishEvent(new RememberedBrowserEvent(this, RememberedBrowserEvent.Type.FORGOTTEN, accountId,
                "unknown", why + ": " + forgotten + " forgotten"));
    }

    private Cookie cookie(HttpServletRequest request, String value, Duration maxAge) {
        Cookie cookie = new Cookie(properties.cookieName(), value);
        String path = request.getContextPath();
        cookie.setPath(path.isEmpty() ? "/" : path);
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure());
        cookie.setMaxAge((int) Math.min(Integer.MAX_VALUE, maxAge.toSeconds()));
        cookie.setAttribute("SameSite", "Lax");
        return cookie;
    }

    private void publish(RememberedBrowserEvent.Type type, String accountId, HttpServletRequest request,
            String detail) {
        events.publishEvent(new RememberedBrowserEvent(this, type, accountId,
                KairosNavigation.origin(request.getRemoteAddr()), detail));
    }

    /** The browser's own description, printable ASCII only, cut to the record's limit. */
    static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "unknown browser";
        }
        String printable = userAgent.strip().replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > RememberedBrowser.MAX_DESCRIPTION
                ? printable.substring(0, RememberedBrowser.MAX_DESCRIPTION) : printable;
    }
}
