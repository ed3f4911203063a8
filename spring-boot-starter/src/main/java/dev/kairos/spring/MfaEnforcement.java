package dev.kairos.spring;

import org.springframework.security.core.Authentication;

/**
 * The application's policy for users who have not enrolled: must they set up TOTP before they may go on? Define
 * one bean of this type (e.g. "everyone in an organisation that enforces MFA"); users who enrolled always need the
 * TOTP factor, whatever this answers. Without such a bean, nobody is forced to enroll.
 *
 * <pre>{@code
 * @Bean MfaEnforcement mfaEnforcement(Organisations orgs) {
 *     return user -> orgs.of(user.getName()).enforcesMfa();
 * }
 * }</pre>
 *
 * <p>An enforced user without an enrollment is sent to the set-up page right after the password. Called on every
 * authorized request of a signed-in user who has not yet given the TOTP factor: keep it quick, and thread-safe.
 */
@FunctionalInterface
public interface MfaEnforcement {

    /**
     * Tells whether this user must use TOTP even before enrolling.
     *
     * @param authentication the signed-in user (after the first factor); never null
     * @return true to send the user to the set-up page until they enroll
     */
    boolean isRequired(Authentication authentication);

    /**
     * The default: enrolling is voluntary; only users who enrolled are asked for a code.
     *
     * @return a policy that never forces enrollment
     */
    static MfaEnforcement onlyEnrolledUsers() {
        return authentication -> false;
    }
}
