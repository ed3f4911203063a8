package dev.kairos.demo;

import dev.kairos.mfa.EnrollmentEvent;
import dev.kairos.spring.KairosEnrollmentEvent;
import dev.kairos.spring.KairosPageFrame;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends every session of an account, on both portals, when its MFA is turned on, off or reset. Each account has a
 * session generation in the shared database; a session remembers the generation it was opened under and ends at
 * its next request once the account has a newer one. The servlet session registry only knows one process's
 * sessions, and a session opened by someone who knew only the password must not outlive the change on the other
 * portal either (OWASP ASVS 4.0 §3.3.3).
 *
 * <p>After a confirmation the session that made the change ends too, after the page that reports it: the user
 * signs in again with the code, which shows them that the new set-up works. After a disable it stays: the page says
 * "other sessions were signed out", and the user proved possession with a code to get there.
 *
 * <p>The starter's "sign out other browsers" ({@code POST} to the remembered-browsers page) ends the account's
 * other sessions the same way, on both portals, and keeps this one: the starter knows only sessions in a session
 * registry or Spring Session, which the demo's two processes do not share.
 */
final class SessionEpochs {

    static final String ATTRIBUTE = SessionEpochs.class.getName() + ".epoch";

    /** The events after which an account's sessions end. */
    private static final Set<EnrollmentEvent.Type> ENDING = Set.of(EnrollmentEvent.Type.CONFIRMED,
            EnrollmentEvent.Type.DISABLED, EnrollmentEvent.Type.RESET);

    /**
     * The resources every page loads, served to anyone: never where a session ends. The starter's own (its
     * stylesheet) come from the list it publishes, so a path it adds is never missed here.
     */
    private static final Set<String> STATIC = Stream.concat(KairosPageFrame.PUBLIC_PATHS.stream(),
            Stream.of("/style.css", "/countdown.js", "/favicon.ico")).collect(Collectors.toUnmodifiableSet());

    private final Directory directory;
    private final String browsersPath;
    private final AuthenticationTrustResolverImpl trust = new AuthenticationTrustResolverImpl();

    /**
     * @param browsersPath the starter's remembered-browsers page ({@code kairos.remembered-browsers.path}), whose
     *     {@code POST} signs out the other browsers
     */
    SessionEpochs(Directory directory, String browsersPath) {
        this.directory = directory;
        this.browsersPath = browsersPath;
    }

    /** Called when a password was accepted: the new session belongs to the account's current generation. */
    void opened(HttpServletRequest request, String email) {
        request.getSession().setAttribute(ATTRIBUTE, directory.sessionEpoch(email));
    }

    @EventListener
    void on(KairosEnrollmentEvent published) {
        EnrollmentEvent event = published.event();
        if (ENDING.contains(event.type())) {
            directory.endAllSessions(event.accountId());
            if (event.type() == EnrollmentEvent.Type.DISABLED) {
                if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes current) {
                    keepThisSession(current.getRequest(), event.accountId());
                }
            }
        }
    }

    /** The request that disabled MFA or signed out the other browsers: its session joins the new generation. */
    private void keepThisSession(HttpServletRequest request, String account) {
        HttpSession session = request.getSession(false);
        Authentication user = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        if (session != null && user != null && account.equals(user.getName())) {
            session.setAttribute(ATTRIBUTE, directory.sessionEpoch(account));
        }
    }

    /**
     * After the starter answered "sign out other browsers" with its page (200: the CSRF token, the authorization
     * and the user were accepted; a refusal is a redirect or an error), the account's other sessions end.
     */
    private void afterSignOutOthers(HttpServletRequest request, HttpServletResponse response) {
        Authentication user = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        if ("POST".equals(request.getMethod()) && browsersPath.equals(request.getServletPath())
                && response.getStatus() == 200 && user != null && user.isAuthenticated()
                && !trust.isAnonymous(user)) {
            directory.endAllSessions(user.getName());
            keepThisSession(request, user.getName());
        }
    }

    /**
     * The filter that ends stale sessions; not a bean of its own, so Spring Boot does not also register it with
     * the servlet container.
     */
    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                check(request, response, chain);
            }
        };
    }

    private void check(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (STATIC.contains(request.getServletPath())) {
            // A stylesheet or script holds no data; ending the session on it would spend the redirect to
            // /login?ended on a request the user never sees (the page after it then says nothing).
            chain.doFilter(request, response);
            return;
        }
        HttpSession session = request.getSession(false);
        Authentication user = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        if (session != null && user != null && user.isAuthenticated() && !trust.isAnonymous(user)) {
            Object opened = session.getAttribute(ATTRIBUTE);
            // A signed-in session without a generation cannot be checked: it ends too (fail closed).
            if (!(opened instanceof Long epoch) || epoch != directory.sessionEpoch(user.getName())) {
                session.invalidate();
                SecurityContextHolder.getContextHolderStrategy().clearContext();
                response.sendRedirect(request.getContextPath() + "/login?ended");
                return;
            }
        }
        chain.doFilter(request, response);
        afterSignOutOthers(request, response);
    }
}
