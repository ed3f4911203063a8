package dev.kairos.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Takes a code posted as the form field {@code code} (a TOTP code at the code page, a recovery code at the
 * recovery page, the first code at the set-up page) and has the {@link TotpAuthenticationProvider} check it, as
 * Spring Security's {@code OneTimeTokenAuthenticationFilter} does for one-time tokens. One instance per path and
 * {@link TotpAuthenticationToken.Method}; the superclass changes the session id, saves the context and calls the
 * success or failure handler.
 *
 * <p>The factor is added to the first factor's own {@code Authentication} (same type, principal and details, the
 * factor replacing an older one), so that an application reading e.g. an {@code OAuth2AuthenticationToken} still
 * finds one after the code.
 */
final class TotpAuthenticationFilter extends AbstractAuthenticationProcessingFilter {

    /** The request attribute under which a confirmed enrollment's recovery codes reach the success handler. */
    static final String RECOVERY_CODES = TotpAuthenticationFilter.class.getName() + ".RECOVERY_CODES";

    /** Where a request carries its code: the form field {@code code}, or a JSON body ({@link ApiJson}). */
    @FunctionalInterface
    interface CodeSource {
        /**
         * Reads the code a request carries.
         *
         * @return the code as typed, or null when the request has none
         * @throws AuthenticationException if the request cannot carry one (e.g. a JSON body that is not JSON)
         */
        String code(HttpServletRequest request) throws AuthenticationException;
    }

    private final TotpAuthenticationToken.Method method;
    private final KairosNavigation navigation;
    private final CodeSource codes;

    TotpAuthenticationFilter(String path, TotpAuthenticationToken.Method method, AuthenticationManager manager,
            KairosNavigation navigation) {
        this(path, method, manager, navigation, request -> request.getParameter("code"));
    }

    TotpAuthenticationFilter(String path, TotpAuthenticationToken.Method method, AuthenticationManager manager,
            KairosNavigation navigation, CodeSource codes) {
        super(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path), manager);
        this.method = method;
        this.navigation = navigation;
        this.codes = codes;
    }

    /** Sends a visitor who has not signed in to sign in first, before anything else happens. */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (requiresAuthentication((HttpServletRequest) request, (HttpServletResponse) response)) {
            navigation.signedIn();
        }
        super.doFilter(request, response, chain);
    }

    @Override
    public Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
            throws AuthenticationException {
        if (method == TotpAuthenticationToken.Method.ENROLLMENT) {
            KairosNavigation.noStore(response); // the answer holds the recovery codes
        }
        Authentication user = navigation.signedIn();
        String code = codes.code(request);
        TotpAuthenticationToken token = method == TotpAuthenticationToken.Method.ENROLLMENT
                ? TotpAuthenticationToken.enrollment(user, code, TotpPageFilter.setupHandle(request).orElse(null))
                : TotpAuthenticationToken.unauthenticated(user, method, code);
        token.setDetails(authenticationDetailsSource.buildDetails(request));
        TotpAuthenticationToken factor = (TotpAuthenticationToken) getAuthenticationManager().authenticate(token);
        List<String> recoveryCodes = factor.takeRecoveryCodes();
        if (!recoveryCodes.isEmpty()) {
            request.setAttribute(RECOVERY_CODES, recoveryCodes);
        }
        return user.toBuilder().authorities(authorities -> {
            authorities.removeIf(a -> KairosFactors.TOTP_AUTHORITY.equals(a.getAuthority()));
            authorities.addAll(factor.getAuthorities());
        }).build();
    }

    /**
     * Calls the failure handler and nothing else: the user stays signed in with the first factor, only this code
     * was refused. (The superclass would clear the context holder, as a first-factor login must; the page and the
     * application's layout still need to know who is signed in.)
     */
    @Override
    protected void unsuccessfulAuthentication(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException failed) throws IOException, ServletException {
        getFailureHandler().onAuthenticationFailure(request, response, failed);
    }
}
