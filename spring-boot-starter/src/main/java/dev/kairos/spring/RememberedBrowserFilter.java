package dev.kairos.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a remembered browser stand in for the code: a signed-in user without the TOTP factor whose request carries
 * a valid cookie ({@link RememberedBrowserService#recognize}) gets the factor, a
 * {@link FactorGrantedAuthority} {@value KairosFactors#TOTP_AUTHORITY} dated when the code was typed on this
 * browser, as a code would give it: the session id changes, the context is saved, an authentication success event
 * and a {@link RememberedBrowserEvent} are published. Sits after every sign-in filter (remember-me included) and
 * before the TOTP factor's pages and the {@code AuthorizationFilter}.
 *
 * <p>On a path the host marks ({@code kairos.remembered-browsers.fresh-code-paths}) the cookie is never honoured,
 * and a factor that came from it is taken away again: the authorization rules then send the user to the code page,
 * and a code typed there (dated now) passes. The factor's own pages recognize no browser, so that they can show
 * the code page to such a user.
 */
final class RememberedBrowserFilter extends OncePerRequestFilter {

    /** The session attribute holding the issue date of a factor that came from a remembered browser. */
    static final String REMEMBERED_FACTOR = RememberedBrowserFilter.class.getName() + ".FACTOR";

    private final RememberedBrowserService service;
    private final SecurityContextHolderStrategy holder;
    private final SessionAuthenticationStrategy sessions;
    private final SecurityContextRepository contexts;
    private final AuthenticationEventPublisher authenticationEvents;
    private final Optional<RequestMatcher> freshCodePaths;
    private final RequestMatcher factorPages;
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

    RememberedBrowserFilter(RememberedBrowserService service, KairosProperties.Web web,
            SecurityContextHolderStrategy holder, SessionAuthenticationStrategy sessions,
            SecurityContextRepository contexts, AuthenticationEventPublisher authenticationEvents) {
        this.service = service;
        this.holder = holder;
        this.sessions = sessions;
        this.contexts = contexts;
        this.authenticationEvents = authenticationEvents;
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        List<String> fresh = service.properties().freshCodePaths();
        this.freshCodePaths = fresh.isEmpty() ? Optional.empty() : Optional.of(new OrRequestMatcher(
                fresh.stream().map(p -> (RequestMatcher) paths.matcher(p)).toList()));
        this.factorPages = new OrRequestMatcher(paths.matcher(web.loginPath()), paths.matcher(web.recoveryPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(RememberedBrowserService.OFFER, service.offer());
        Authentication user = holder.getContext().getAuthentication();
        if (user != null && user.isAuthenticated() && !trust.isAnonymous(user)) {
            if (freshCodePaths.isPresent() && freshCodePaths.get().matches(request)) {
                takeRememberedFactor(request, response, user);
            } else if (!KairosFactors.hasTotpFactor(user) && !factorPages.matches(request)
                    && service.cookieValue(request).isPresent()) {
                Optional<RememberedBrowser> browser = service.recognize(request, user.getName());
                if (browser.isPresent()) {
                    grant(request, response, user, browser.get());
                } else {
                    service.clear(request, response);
                }
            }
        }
        chain.doFilter(request, response);
    }

    private void grant(HttpServletRequest request, HttpServletResponse response, Authentication user,
            RememberedBrowser browser) {
        FactorGrantedAuthority factor = FactorGrantedAuthority.withAuthority(KairosFactors.TOTP_AUTHORITY)
                .issuedAt(browser.createdAt()).build();
        Authentication elevated = user.toBuilder().authorities(authorities -> {
            authorities.removeIf(a -> KairosFactors.TOTP_AUTHORITY.equals(a.getAuthority()));
            authorities.add(factor);
        }).build();
        sessions.onAuthentication(elevated, request, response);
        save(request, response, elevated);
        request.getSession().setAttribute(REMEMBERED_FACTOR, browser.createdAt());
        authenticationEvents.publishAuthenticationSuccess(elevated);
        service.recognized(request, user.getName());
    }

    /** On a fresh-code path: a factor that came from a remembered browser does not count (and is dropped). */
    private void takeRememberedFactor(HttpServletRequest request, HttpServletResponse response,
            Authentication user) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(REMEMBERED_FACTOR) instanceof Instant remembered)) {
            return;
        }
        Optional<Instant> issued = user.getAuthorities().stream()
                .filter(a -> KairosFactors.TOTP_AUTHORITY.equals(a.getAuthority()))
                .map(RememberedBrowserFilter::issuedAt).flatMap(Optional::stream).findFirst();
        if (issued.equals(Optional.of(remembered))) {
            save(request, response, user.toBuilder().authorities(authorities -> authorities
                    .removeIf(a -> KairosFactors.TOTP_AUTHORITY.equals(a.getAuthority()))).build());
        }
        session.removeAttribute(REMEMBERED_FACTOR);
    }

    private static Optional<Instant> issuedAt(GrantedAuthority authority) {
        return authority instanceof FactorGrantedAuthority f ? Optional.of(f.getIssuedAt()) : Optional.empty();
    }

    private void save(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(authentication);
        holder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
