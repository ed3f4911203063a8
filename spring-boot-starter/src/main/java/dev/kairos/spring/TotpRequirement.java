package dev.kairos.spring;

import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.SignInStep;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AllRequiredFactorsAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Requires the TOTP factor from users who enrolled or whom the application's {@link MfaEnforcement} names. The
 * answer for a missing factor is Spring Security's own {@code FactorAuthorizationDecision}, so its access-denied
 * handler sends the user to the factor's entry point exactly as for its built-in factors.
 */
final class TotpRequirement<T> implements AuthorizationManager<T> {

    private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);

    private final Enrollments enrollments;
    private final MfaEnforcement enforcement;
    private final AllRequiredFactorsAuthorizationManager<T> totpFactor = AllRequiredFactorsAuthorizationManager
            .<T>builder().requireFactor(f -> f.authority(KairosFactors.TOTP_AUTHORITY)).build();
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();
    private final Set<String> factorPaths;

    TotpRequirement(Enrollments enrollments, MfaEnforcement enforcement, Set<String> factorPaths) {
        this.enrollments = Objects.requireNonNull(enrollments, "enrollments");
        this.enforcement = Objects.requireNonNull(enforcement, "enforcement");
        this.factorPaths = Set.copyOf(factorPaths);
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, T object) {
        Authentication user = authentication.get();
        // Anonymous requests: the rule this is added to (authenticated(), hasRole(...)) decides; there is no
        // account to ask about yet.
        if (user == null || !user.isAuthenticated() || trust.isAnonymous(user) || KairosFactors.hasTotpFactor(user)
                || isFactorPage(object)) {
            return GRANTED;
        }
        if (enrollments.signInStep(user.getName(), enforcement.isRequired(user)) == SignInStep.NONE) {
            return GRANTED;
        }
        return totpFactor.authorize(() -> user, object);
    }

    /**
     * The factor's own pages, when the application renders them with its own controllers: requiring the factor
     * there would send the user round in circles. (The default pages are served before authorization.)
     */
    private boolean isFactorPage(T object) {
        if (object instanceof RequestAuthorizationContext context) {
            HttpServletRequest request = context.getRequest();
            return factorPaths.contains(request.getRequestURI().substring(request.getContextPath().length()));
        }
        return false;
    }
}
