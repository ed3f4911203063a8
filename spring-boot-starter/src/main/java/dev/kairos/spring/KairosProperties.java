package dev.kairos.spring;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kairos settings under {@code kairos.*}. Immutable; bound once at start-up. Ranges are checked when the
 * {@code Enrollments} bean is built, with a message that names the property.
 *
 * @param issuer the service name authenticator apps show beside the account, e.g. {@code ACME Corp}; defaults to
 *     {@code spring.application.name}
 * @param digits the code length of new enrollments, in decimal digits: 6 to 10 (apps commonly support 6 and 8)
 * @param period the time step of new enrollments (apps commonly support only 30 s)
 * @param window how many time steps before and after the current one a code is accepted in (clock skew): 0 to 10
 * @param recoveryCodes how many recovery codes a confirmation issues: 8 to 100
 * @param pendingLifetime how long a begun set-up can be confirmed: 1 minute to 7 days
 * @param throttling how wrong codes lock an account
 * @param sealing the AES keys that seal secrets before they reach the store
 * @param store the enrollment store
 * @param web the default pages and endpoints
 * @param recentSignIn how recently the user must have entered their password (or passed another first factor) to
 *     set up, turn off or renew recovery codes ("sudo mode"); older sign-ins are asked for the password again
 * @param enrollment who may bind an authenticator app to an account
 * @param api the JSON API for single-page apps and other clients that are not page navigations
 * @param stepUp paths that need a recent TOTP code, however long ago the user signed in
 */
@ConfigurationProperties("kairos")
public record KairosProperties(
        String issuer,
        @DefaultValue("6") int digits,
        @DefaultValue("30s") Duration period,
        @DefaultValue("1") int window,
        @DefaultValue("10") int recoveryCodes,
        @DefaultValue("30m") Duration pendingLifetime,
        @DefaultValue Throttling throttling,
        @DefaultValue Sealing sealing,
        @DefaultValue Store store,
        @DefaultValue Web web,
        @DefaultValue("15m") Duration recentSignIn,
        @DefaultValue Enrollment enrollment,
        @DefaultValue Api api,
        @DefaultValue StepUp stepUp) {

    /**
     * Who may bind an authenticator app to an account.
     *
     * @param requireTicket every account needs a single-use enrollment ticket ({@code Enrollments.issueTicket}) to
     *     set up; for only some accounts, define an {@link EnrollmentTicketPolicy} bean instead
     */
    public record Enrollment(@DefaultValue("false") boolean requireTicket) {
    }

    /**
     * Throttling of wrong codes (see {@code dev.kairos.mfa.ThrottlingPolicy}).
     *
     * @param threshold the consecutive failures at which lockouts start
     * @param firstLockout the first lockout, doubled after each further failure
     * @param maxLockout the longest lockout: at most 30 days
     * @param hardCap the consecutive failures after which only an unlock, a reset or a recovery code helps: at
     *     most 100 (NIST SP 800-63B §5.2.2)
     */
    public record Throttling(
            @DefaultValue("5") int threshold,
            @DefaultValue("30s") Duration firstLockout,
            @DefaultValue("1h") Duration maxLockout,
            @DefaultValue("100") int hardCap) {
    }

    /**
     * Sealing keys. There is no default key: set {@code kairos.sealing.keys.<id>} (a Base64 32-byte AES key, from
     * the environment or a secret store) and {@code kairos.sealing.primary=<id>}, or, knowingly,
     * {@code kairos.sealing.unsealed=true}.
     *
     * @param keys the AES keys by key id, Base64 (16, 24 or 32 bytes; 32 recommended); the others than the primary
     *     one only open secrets sealed before a rotation
     * @param primary the id of the key that seals new secrets; may be omitted when there is exactly one key
     * @param unsealed store secrets in the clear (tests, demos, or a store that encrypts on its own)
     */
    public record Sealing(Map<String, String> keys, String primary, @DefaultValue("false") boolean unsealed) {

        /**
         * Describes the sealing without the keys.
         *
         * @return e.g. {@code "Sealing[keys=[2026-03], primary=2026-03, unsealed=false]"}
         */
        @Override
        public String toString() {
            return "Sealing[keys=" + (keys == null ? "[]" : keys.keySet()) + ", primary=" + primary + ", unsealed="
                    + unsealed + "]";
        }
    }

    /**
     * The enrollment store.
     *
     * @param createSchema on a {@code DataSource}, create Kairos's table at start-up if missing; turn off when
     *     Flyway or Liquibase applies the SQL shipped in kairos-store-jdbc
     *     ({@code dev/kairos/store/jdbc/schema-*.sql})
     */
    public record Store(@DefaultValue("true") boolean createSchema) {
    }

    /**
     * The default pages and endpoints. Each page can be switched off on its own, so that an application
     * controller renders it (a form posting {@code code} and the CSRF token to the same path); the POST endpoints
     * stay.
     *
     * @param enabled the TOTP factor's filter, pages and endpoints as a whole
     * @param loginPath where a signed-in user without the TOTP factor types a code ({@code GET} page, {@code POST}
     *     field {@code code})
     * @param recoveryPath where a recovery code replaces a TOTP code
     * @param setupPath where a user enrolls (QR code, manual key, confirmation)
     * @param disablePath where MFA is turned off ({@code POST} only, field {@code code}: a TOTP or recovery code)
     * @param successPath where to go after a code when no request was saved
     * @param loginPage render the default page at {@code loginPath}
     * @param recoveryPage render the default page at {@code recoveryPath}
     * @param setupPage render the default page at {@code setupPath}
     * @param logoutPath where the pages' sign-out form posts: the chain's logout URL (Spring Security's
     *     {@code logout().logoutUrl(...)}, {@code /logout} by default); a chain without logout gets no sign-out form
     * @param stylesheets the application's stylesheets, linked by every built-in page after its own style (paths
     *     starting with {@code /} are relative to the context path)
     * @param beginPath where the set-up page's forms post ({@code POST} only): "start over" (a new secret for this
     *     session's set-up), and the enrollment ticket (field {@code ticket}) when one is required
     * @param passwordPath where a user whose sign-in is older than {@code kairos.recent-sign-in} enters the password
     *     again ({@code GET} page, {@code POST} field {@code password})
     * @param recoveryCodesPath where a user replaces the recovery codes with a new set ({@code GET} page,
     *     {@code POST} field {@code code}: a TOTP code or a recovery code)
     */
    public record Web(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("/login/totp") String loginPath,
            @DefaultValue("/login/recovery") String recoveryPath,
            @DefaultValue("/mfa/setup") String setupPath,
            @DefaultValue("/mfa/disable") String disablePath,
            @DefaultValue("/") String successPath,
            @DefaultValue("true") boolean loginPage,
            @DefaultValue("true") boolean recoveryPage,
            @DefaultValue("true") boolean setupPage,
            @DefaultValue("/logout") String logoutPath,
            @DefaultValue List<String> stylesheets,
            @DefaultValue("/mfa/setup/begin") String beginPath,
            @DefaultValue("/mfa/password") String passwordPath,
            @DefaultValue("/mfa/recovery-codes") String recoveryCodesPath) {
    }

    /**
     * The JSON API beside the pages: the same service and rules, for requests that are not page navigations
     * (a single-page app's {@code fetch}, a mobile client). Needs Jackson 3 on the class path (every Spring Boot 4
     * web application has it). A request of a signed-in user who lacks the factor and does not ask for HTML is
     * answered {@code 401 application/problem+json} naming the step and the endpoint to send it to.
     *
     * @param enabled the API's endpoints (the problem answers for a missing factor stay)
     * @param path the API's base path: {@code GET {path}/status}, {@code POST {path}/code},
     *     {@code {path}/recovery}, {@code {path}/setup}, {@code {path}/setup/confirm}, {@code {path}/disable},
     *     {@code {path}/recovery-codes}
     */
    public record Api(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("/mfa/api") String path) {
    }

    /**
     * Step-up: paths where the TOTP factor must have been given within {@code within}, as Spring Security's
     * {@code RequiredFactor.validDuration} requires it. A user whose code is older is asked for a current one on the
     * code page (a JSON client gets a {@code 401} problem {@code STEP_UP_REQUIRED}) and comes back to the page asked
     * for. The rule applies to the users the TOTP factor applies to: those who enrolled or whom the application's
     * {@link MfaEnforcement} names. In Java, {@link KairosStepUp#within} gives the same rule per request matcher.
     *
     * @param paths path patterns (Spring's {@code PathPattern} syntax, e.g. {@code /account/**}, relative to the
     *     context path), for every HTTP method; none by default
     * @param within how recently the code must have been typed on those paths: more than zero
     */
    public record StepUp(
            @DefaultValue List<String> paths,
            @DefaultValue("5m") Duration within) {
    }
}
