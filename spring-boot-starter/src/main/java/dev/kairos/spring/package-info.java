/**
 * Kairos for Spring Boot 4 and Spring Security 7: auto-configuration of {@link dev.kairos.mfa.Enrollments} from
 * {@code kairos.*} properties, and a TOTP factor ({@link dev.kairos.spring.KairosFactors#TOTP_AUTHORITY}) for
 * Spring Security's multi-factor authentication, with default pages for set-up, sign-in, recovery and turning MFA
 * off. The application's one policy hook is {@link dev.kairos.spring.MfaEnforcement}.
 *
 * <p>Public types are immutable and thread-safe unless their Javadoc says otherwise.
 */
package dev.kairos.spring;
