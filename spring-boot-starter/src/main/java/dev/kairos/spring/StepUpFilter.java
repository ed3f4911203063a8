package dev.kairos.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code kairos.step-up.paths}: a second authorization step after the chain's {@code AuthorizationFilter}, so that
 * the property works whatever rules or {@code AuthorizationManagerFactory} the application has. On those paths it
 * asks {@link KairosStepUp}'s rule and throws Spring Security's {@code AuthorizationDeniedException} with the
 * rule's {@code FactorAuthorizationDecision}, which the {@code ExceptionTranslationFilter} hands to the factor's
 * entry point exactly as the chain's own denials.
 */
final class StepUpFilter extends OncePerRequestFilter {

    private final List<RequestMatcher> paths;
    private final TotpRequirement<RequestAuthorizationContext> rule;
    private final SecurityContextHolderStrategy holder;

    StepUpFilter(KairosWeb web, SecurityContextHolderStrategy holder) {
        KairosProperties.StepUp stepUp = web.properties().stepUp();
        Duration within = stepUp.within();
        if (within.isNegative() || within.isZero()) {
            throw new KairosConfigurationException("kairos.step-up.within must be positive, got " + within);
        }
        this.paths = stepUp.paths().stream()
                .map(path -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(path)).toList();
        this.rule = new KairosStepUp(web.enrollments(), web.enforcement(), web.clock(),
                KairosStepUp.factorPaths(web.properties().web())).requirement(within);
        this.holder = holder;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (paths.stream().anyMatch(path -> path.matches(request))) {
            AuthorizationResult result = rule.authorize(() -> holder.getContext().getAuthentication(),
                    new RequestAuthorizationContext(request));
            if (!result.isGranted()) {
                throw new AuthorizationDeniedException("a recent TOTP code is required", result);
            }
        }
        chain.doFilter(request, response);
    }
}
