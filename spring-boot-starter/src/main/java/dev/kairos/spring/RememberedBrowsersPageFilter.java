package dev.kairos.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The page of the user's remembered browsers ({@code GET kairos.remembered-browsers.path}) and "sign out other
 * browsers" ({@code POST}, CSRF-checked): every other session of the user ended (as turning MFA off ends them,
 * {@link OtherSessions}) and every other remembered browser forgotten. Sits after the {@code AuthorizationFilter},
 * so the application's own rules guard it (with the starter's default rule, an enrolled user needs the factor).
 */
final class RememberedBrowsersPageFilter extends OncePerRequestFilter {

    private final RememberedBrowserService service;
    private final OtherSessions otherSessions;
    private final PageRenderer pages;
    private final Optional<String> logoutPath;
    private final SecurityContextHolderStrategy holder;
    private final RequestMatcher page;
    private final RequestMatcher signOut;
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

    RememberedBrowsersPageFilter(RememberedBrowserService service, OtherSessions otherSessions, PageRenderer pages,
            Optional<String> logoutPath, SecurityContextHolderStrategy holder) {
        this.service = service;
        this.otherSessions = otherSessions;
        this.pages = pages;
        this.logoutPath = logoutPath;
        this.holder = holder;
        String path = service.properties().path();
        this.page = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, path);
        this.signOut = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !page.matches(request) && !signOut.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication user = holder.getContext().getAuthentication();
        if (user == null || !user.isAuthenticated() || trust.isAnonymous(user)) {
            throw new InsufficientAuthenticationException("sign in to see your remembered browsers");
        }
        Optional<KairosPage.Browsers.SignedOut> signedOut = Optional.empty();
        if (signOut.matches(request)) {
            int browsers = service.forgetOthers(request, user.getName());
            int sessions = otherSessions.endOthers(request, user);
            signedOut = Optional.of(new KairosPage.Browsers.SignedOut(sessions, browsers));
        }
        KairosNavigation.noStore(response);
        Optional<String> current = service.currentId(request, user.getName());
        pages.render(new KairosPage.Browsers(service.list(user.getName()).stream()
                .map(b -> new KairosPage.Browsers.Browser(b.description(), b.createdAt(), b.expiresAt(),
                        current.equals(Optional.of(b.id()))))
                .toList(), signedOut, request.getContextPath() + service.properties().path()), 200, logoutPath, request, response);
    }
}
