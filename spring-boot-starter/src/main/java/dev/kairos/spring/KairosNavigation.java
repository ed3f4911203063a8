package dev.kairos.spring;

import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.SignInStep;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * What the TOTP factor's filters and handlers share about one request: who is signed in, where to go next, and
 * how a page is written ({@link PageRenderer}). Built once per {@code HttpSecurity} by {@link KairosHttpConfigurer}.
 */
final class KairosNavigation {

    private final KairosWeb web;
    private final PageRenderer pages;
    private final RequestCache requestCache;
    private final SecurityContextHolderStrategy holder;
    private final Optional<String> logoutPath;
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();
    private final RedirectStrategy redirects = new DefaultRedirectStrategy();

    KairosNavigation(KairosWeb web, PageRenderer pages, RequestCache requestCache,
            SecurityContextHolderStrategy holder, Optional<String> logoutPath) {
        this.web = web;
        this.logoutPath = logoutPath;
        this.pages = pages;
        this.requestCache = requestCache;
        this.holder = holder;
    }

    KairosWeb web() {
        return web;
    }

    SecurityContextHolderStrategy holder() {
        return holder;
    }

    KairosProperties.Web paths() {
        return web.properties().web();
    }

    /**
     * The user who passed the first factor. Anyone else gets an {@link InsufficientAuthenticationException},
     * which Spring Security's {@code ExceptionTranslationFilter} answers by sending them to sign in.
     */
    Authentication signedIn() {
        Authentication user = holder.getContext().getAuthentication();
        if (user == null || !user.isAuthenticated() || trust.isAnonymous(user)) {
            throw new InsufficientAuthenticationException("sign in before two-step verification");
        }
        return user;
    }

    void render(KairosPage page, int status, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        pages.render(page, status, logoutPath, request, response);
    }

    void redirect(HttpServletRequest request, HttpServletResponse response, String target) throws IOException {
        redirects.sendRedirect(request, response, target);
    }

    /** Where a user without an active enrollment goes: set-up if they must use TOTP, else the success path. */
    String notEnrolledGoTo(Authentication user) {
        return web.enrollments().signInStep(user.getName(), web.enforcement().isRequired(user)) == SignInStep.SET_UP
                ? paths().setupPath() : paths().successPath();
    }

    /** The saved request (an absolute URL, then forgotten) or the success path (relative to the context path). */
    String continueTo(HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = requestCache.getRequest(request, response);
        if (saved != null) {
            requestCache.removeRequest(request, response);
            return saved.getRedirectUrl();
        }
        return paths().successPath();
    }

    /** A redirect target as a link on a page: the redirect strategy adds the context path, a page must. */
    static String link(HttpServletRequest request, String target) {
        return target.startsWith("/") ? request.getContextPath() + target : target;
    }

    /**
     * The service as seen from this request: its events carry the client's address as their origin (the servlet
     * container's view: behind a proxy, configure Spring Boot's forwarded-header handling).
     */
    Enrollments audited(HttpServletRequest request) {
        return web.enrollments().withOrigin(origin(request.getRemoteAddr()));
    }

    /** A client address as an event origin: {@code unknown} when the container has none. */
    static String origin(String address) {
        return address == null || address.isBlank() ? "unknown" : address;
    }

    /** The page holds a new secret, then recovery codes: never in a cache or the history. */
    static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
    }
}
