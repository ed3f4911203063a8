package dev.kairos.spring;

import dev.kairos.mfa.Enrollments;
import java.util.Set;
import org.springframework.security.authorization.AuthorizationManagerFactories;
import org.springframework.security.authorization.DefaultAuthorizationManagerFactory;
import org.springframework.security.core.Authentication;

/**
 * The TOTP factor's name in Spring Security 7's multi-factor authentication, and ready-made authorization rules.
 *
 * <p>A correct TOTP code (or recovery code) adds a
 * {@link org.springframework.security.core.authority.FactorGrantedAuthority} with the authority
 * {@value #TOTP_AUTHORITY} to the signed-in user's {@link Authentication}, beside the password's
 * {@code FACTOR_PASSWORD}. Require it the way Spring requires its own factors, for every rule:
 *
 * <pre>{@code
 * @EnableMultiFactorAuthentication(authorities = {
 *         FactorGrantedAuthority.PASSWORD_AUTHORITY, KairosFactors.TOTP_AUTHORITY})
 * }</pre>
 *
 * <p>or per path with {@code AuthorizationManagerFactories.multiFactor().requireFactors(TOTP_AUTHORITY)}. When the
 * factor is missing, Spring Security sends the user to the TOTP page (or, without an enrollment, to the set-up
 * page), as it does for its own factors. Without either, the starter requires the factor only from users who
 * enrolled or whom the application's {@link MfaEnforcement} bean names: see {@link #totpWhenRequired}.
 */
public final class KairosFactors {

    /** The authority of the TOTP factor: {@code "FACTOR_TOTP"}. */
    public static final String TOTP_AUTHORITY = "FACTOR_TOTP";

    private KairosFactors() {
    }

    /**
     * Returns an authorization manager factory whose every rule ({@code authenticated()}, {@code hasRole(...)},
     * ...) also requires the TOTP factor, but only from users who have an active enrollment or whom
     * {@code enforcement} names. Anonymous requests are left to the rule itself.
     *
     * @param <T> the secured object type
     * @param enrollments where enrollment status is read (one store read per request of a user without the factor)
     * @param enforcement the application's policy for users who have not enrolled
     * @param factorPaths the paths of the factor's own pages (e.g. {@code /login/totp}, relative to the context
     *     path), where the factor is not required: an application controller may render them
     * @return a factory to expose as an {@code AuthorizationManagerFactory} bean
     * @throws NullPointerException if an argument is null
     */
    public static <T> DefaultAuthorizationManagerFactory<T> totpWhenRequired(Enrollments enrollments,
            MfaEnforcement enforcement, String... factorPaths) {
        DefaultAuthorizationManagerFactory<T> factory = new DefaultAuthorizationManagerFactory<>();
        factory.setAdditionalAuthorization(new TotpRequirement<>(enrollments, enforcement, Set.of(factorPaths)));
        return factory;
    }

    /**
     * Returns an authorization manager factory whose every rule also requires the TOTP factor from everyone
     * (users who have not enrolled are sent to the set-up page).
     *
     * @param <T> the secured object type
     * @return the factory, as {@code AuthorizationManagerFactories.multiFactor().requireFactors(TOTP_AUTHORITY)}
     */
    public static <T> DefaultAuthorizationManagerFactory<T> totpAlways() {
        return AuthorizationManagerFactories.<T>multiFactor().requireFactors(TOTP_AUTHORITY).build();
    }

    /** Whether an authentication carries the TOTP factor. */
    static boolean hasTotpFactor(Authentication authentication) {
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> TOTP_AUTHORITY.equals(a.getAuthority()));
    }
}
