package dev.kairos.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.FactorAuthorizationDecision;
import org.springframework.security.authorization.RequiredFactorError;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends a user signed in by remember-me who lacks only the TOTP factor to the code page, as a password user is
 * sent. Spring Security's {@code ExceptionTranslationFilter} answers every denial of a remember-me user with the
 * chain's login entry point (the password form), before the per-factor entry points are asked; so this filter, just
 * in front of the {@code AuthorizationFilter}, takes a denial whose only missing factor is
 * {@link KairosFactors#TOTP_AUTHORITY} and commences the factor's entry point itself, the request saved as Spring's
 * missing-authority handler saves it. Any other denial (a missing password factor, a role, {@code fullyAuthenticated})
 * goes on to the {@code ExceptionTranslationFilter} unchanged.
 */
final class RememberedUserFilter extends OncePerRequestFilter {

    private final SecurityContextHolderStrategy holder;
    private final AuthenticationEntryPoint totpEntryPoint;
    private final RequestCache requests;
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

    RememberedUserFilter(SecurityContextHolderStrategy holder, AuthenticationEntryPoint totpEntryPoint,
            RequestCache requests) {
        this.holder = holder;
        this.totpEntryPoint = totpEntryPoint;
        this.requests = requests;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (AccessDeniedException denied) {
            Authentication user = holder.getContext().getAuthentication();
            if (!trust.isRememberMe(user) || response.isCommitted() || !onlyTotpMissing(denied)) {
                throw denied;
            }
            requests.saveRequest(request, response);
            totpEntryPoint.commence(request, response,
                    new InsufficientAuthenticationException("the TOTP factor is missing", denied));
        }
    }

    /** Whether the denial is Spring Security's factor decision and every factor it misses is TOTP. */
    static boolean onlyTotpMissing(Throwable denied) {
        Optional<AuthorizationDeniedException> decision = Optional.empty();
        for (Throwable t = denied; t != null && decision.isEmpty(); t = t.getCause()) {
            if (t instanceof AuthorizationDeniedException d) {
                decision = Optional.of(d);
            }
        }
        if (decision.isEmpty() || !(decision.get().getAuthorizationResult() instanceof FactorAuthorizationDecision f)) {
            return false;
        }
        List<RequiredFactorError> errors = f.getFactorErrors();
        return !errors.isEmpty() && errors.stream()
                .allMatch(e -> KairosFactors.TOTP_AUTHORITY.equals(e.getRequiredFactor().getAuthority()));
    }
}
