package dev.kairos.spring;

import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.SignInStep;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AllRequiredFactorsAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.RequiredFactor;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Requires the TOTP factor from users who enrolled or whom the application's {@link MfaEnforcement} names. The
 * answer for a missing factor is Spring Security's own {@code FactorAuthorizationDecision}, so its access-denied
 * handler sends the user to the factor's entry point exactly as for its built-in factors.
 *
 * <p>With a valid duration (step-up, {@link KairosStepUp}), the factor must also be recent: Spring's
 * {@code AllRequiredFactorsAuthorizationManager} compares its {@code FactorGrantedAuthority.getIssuedAt()} with the
 * application's clock and answers an expired factor with a {@code RequiredFactorError} whose
 * {@code isExpired()} is true, which {@link TotpEntryPoint} answers with the code page again.
 */
final class TotpRequirement<T> implements AuthorizationManager<T> {

    private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);

    private final Enrollments enrollments;
    private final MfaEnforcement enforcement;
    private final AllRequiredFactorsAuthorizationManager<T> totpFactor;
    private final boolean anyAge;
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();
    private final Set<String> factorPaths;

    /** The factor of any age. */
    TotpRequirement(Enrollments enrollments, MfaEnforcement enforcement, Set<String> factorPaths) {
        this(enrollments, enforcement, factorPaths, Optional.empty(), Clock.systemUTC());
    }

    /**
     * The factor, given within {@code validDuration} when present, as the application's {@code clock} tells.
     *
     * @throws IllegalArgumentException if the duration is zero or negative
     */
    TotpRequirement(Enrollments enrollments, MfaEnforcement enforcement, Set<String> factorPaths,
            Optional<Duration> validDuration, Clock clock) {
        this.enrollments = Objects.requireNonNull(enrollments, "enrollments");
        this.enforcement = Objects.requireNonNull(enforcement, "enforcement");
        this.factorPaths = Set.copyOf(factorPaths);
        validDuration.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a step-up's valid duration must be positive, got " + d);
            }
        });
        RequiredFactor.Builder factor = RequiredFactor.withAuthority(KairosFactors.TOTP_AUTHORITY);
        validDuration.ifPresent(factor::validDuration);
        this.totpFactor = AllRequiredFactorsAuthorizationManager.<T>builder().requireFactor(factor.build()).build();
        this.totpFactor.setClock(Objects.requireNonNull(clock, "clock"));
        this.anyAge = validDuration.isEmpty();
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, T object) {
        Authentication user = authentication.get();
        // Anonymous requests: the rule this is added to (authenticated(), hasRole(...)) decides; there is no
        // account to ask about yet.
        if (user == null || !user.isAuthenticated() || trust.isAnonymous(user) || isFactorPage(object)
                || anyAge && KairosFactors.hasTotpFactor(user)) {
            return GRANTED;
        }
        AuthorizationResult factor = totpFactor.authorize(() -> user, object);
        // A factor recent enough needs no store read; a user without MFA (who turned it off in this session, or
        // never enrolled and is not enforced) has nothing to step up with.
        if (factor.isGranted()
                || enrollments.signInStep(user.getName(), enforcement.isRequired(user)) == SignInStep.NONE) {
            return GRANTED;
        }
        return factor;
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
