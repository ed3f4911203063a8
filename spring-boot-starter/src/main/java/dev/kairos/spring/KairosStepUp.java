package dev.kairos.spring;

import dev.kairos.mfa.Enrollments;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.authorization.DefaultAuthorizationManagerFactory;
import org.springframework.security.authorization.RequiredFactorError;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.WebAttributes;

/**
 * Step-up: rules that need the TOTP factor given within a time, however long ago the user signed in (e.g. to
 * change an e-mail address or confirm a payment). Built on Spring Security 7's own
 * {@code RequiredFactor.validDuration}: a code older than that is an expired factor, and the starter asks for a
 * current one on its code page (a JSON client gets a {@code 401} problem {@code STEP_UP_REQUIRED}), then returns
 * to the page asked for. An auto-configured bean; use it in the application's {@code SecurityFilterChain}:
 *
 * <pre>{@code
 * @Bean SecurityFilterChain web(HttpSecurity http, KairosStepUp stepUp) throws Exception {
 *     var recentCode = stepUp.<RequestAuthorizationContext>within(Duration.ofMinutes(5));
 *     return http.authorizeHttpRequests(a -> a
 *                     .requestMatchers("/account/**").access(recentCode.authenticated())
 *                     .anyRequest().authenticated())
 *             .formLogin(Customizer.withDefaults())
 *             .build();
 * }
 * }</pre>
 *
 * <p>or, without code, {@code kairos.step-up.paths=/account/**} and {@code kairos.step-up.within=5m}. The rule
 * applies to the users the TOTP factor applies to (who enrolled, or whom the {@link MfaEnforcement} bean names);
 * others pass, as on every other path. To require a recent code from everyone instead (the others are sent to
 * set up), use Spring's own {@code AuthorizationManagerFactories.multiFactor().requireFactor(f -> f
 * .authority(KairosFactors.TOTP_AUTHORITY).validDuration(...))}: the starter answers it the same way.
 *
 * <p>Immutable and thread-safe.
 */
public final class KairosStepUp {

    /** The session attribute holding when a step-up was asked for: the code page asks until a newer factor. */
    static final String ASKED_AT = KairosStepUp.class.getName() + ".ASKED_AT";

    private final Enrollments enrollments;
    private final MfaEnforcement enforcement;
    private final Clock clock;
    private final Set<String> factorPaths;

    KairosStepUp(Enrollments enrollments, MfaEnforcement enforcement, Clock clock, Set<String> factorPaths) {
        this.enrollments = Objects.requireNonNull(enrollments, "enrollments");
        this.enforcement = Objects.requireNonNull(enforcement, "enforcement");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.factorPaths = Set.copyOf(factorPaths);
    }

    /**
     * Returns an authorization manager factory whose every rule ({@code authenticated()}, {@code hasRole(...)},
     * ...) also requires a TOTP code typed within {@code validDuration}, from users who enrolled or whom the
     * {@link MfaEnforcement} names. Anonymous requests are left to the rule itself.
     *
     * @param <T> the secured object type, e.g. {@code RequestAuthorizationContext}
     * @param validDuration how old the factor may be, as in {@code RequiredFactor.validDuration}: more than zero
     * @return a new factory
     * @throws IllegalArgumentException if {@code validDuration} is zero or negative
     * @throws NullPointerException if {@code validDuration} is null
     */
    public <T> DefaultAuthorizationManagerFactory<T> within(Duration validDuration) {
        DefaultAuthorizationManagerFactory<T> factory = new DefaultAuthorizationManagerFactory<>();
        factory.setAdditionalAuthorization(requirement(validDuration));
        return factory;
    }

    /** The rule itself, for {@code kairos.step-up.paths}. */
    <T> TotpRequirement<T> requirement(Duration validDuration) {
        return new TotpRequirement<>(enrollments, enforcement, factorPaths,
                Optional.of(Objects.requireNonNull(validDuration, "validDuration")), clock);
    }

    /** The factor's own paths, where no rule requires the factor (see {@link KairosFactors#totpWhenRequired}). */
    static Set<String> factorPaths(KairosProperties.Web web) {
        return Set.of(web.loginPath(), web.recoveryPath(), web.setupPath(), web.disablePath(), web.beginPath(),
                web.passwordPath());
    }

    /**
     * Whether Spring Security denied this request for an expired TOTP factor (not a missing one): its
     * missing-authority handler puts the factor errors in a request attribute before calling the entry point.
     */
    static boolean isExpired(HttpServletRequest request) {
        return request.getAttribute(WebAttributes.REQUIRED_FACTOR_ERRORS) instanceof List<?> errors
                && errors.stream().anyMatch(e -> e instanceof RequiredFactorError error && error.isExpired()
                        && KairosFactors.TOTP_AUTHORITY.equals(error.getRequiredFactor().getAuthority()));
    }

    /** Notes in the session that a current code was asked for now, so that the code page asks for it. */
    static void ask(HttpServletRequest request, Clock clock) {
        request.getSession().setAttribute(ASKED_AT, clock.instant());
    }

    /**
     * Whether this session was asked for a current code that the user has not typed yet: a step-up was asked for
     * after the user's TOTP factor was issued. (No session is created to find out.)
     */
    static boolean isPending(HttpServletRequest request, Authentication user) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(ASKED_AT) instanceof Instant asked)) {
            return false;
        }
        return user.getAuthorities().stream()
                .filter(a -> a instanceof FactorGrantedAuthority f
                        && KairosFactors.TOTP_AUTHORITY.equals(f.getAuthority()))
                .map(a -> ((FactorGrantedAuthority) a).getIssuedAt())
                .noneMatch(issued -> !issued.isBefore(asked));
    }
}
