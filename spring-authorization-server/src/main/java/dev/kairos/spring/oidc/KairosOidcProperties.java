package dev.kairos.spring.oidc;

import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenID Connect settings under {@code kairos.oidc.*}. Immutable; bound once at start-up.
 *
 * @param enabled apply the claims and the authorization-request rules to Spring Authorization Server
 * @param acr the {@code acr} values (authentication context class references) of the two levels Kairos tells apart
 */
@ConfigurationProperties("kairos.oidc")
public record KairosOidcProperties(@DefaultValue("true") boolean enabled, @DefaultValue Acr acr) {

    /**
     * Checks the settings.
     *
     * @param enabled apply the claims and the authorization-request rules
     * @param acr the {@code acr} value of each level
     * @throws NullPointerException if {@code acr} is null
     */
    public KairosOidcProperties {
        Objects.requireNonNull(acr, "acr");
    }

    /**
     * The {@code acr} value of each level. An ID token carries the value of the level the sign-in reached; a client
     * asks for a level by sending its value in {@code acr_values}. Choose values your clients agree on (e.g. a URN
     * of your organisation, or REFEDS / eIDAS names where they fit).
     *
     * @param password the value for a sign-in with the password only
     * @param mfa the value for a sign-in with the password and a TOTP code (or a recovery code)
     */
    public record Acr(@DefaultValue("urn:kairos:acr:password") String password,
            @DefaultValue("urn:kairos:acr:mfa") String mfa) {

        /**
         * Checks the values.
         *
         * @param password the value for a sign-in with the password only
         * @param mfa the value for a sign-in with the password and the TOTP factor
         * @throws IllegalArgumentException if a value is blank, contains a space (acr_values is space-separated)
         *     or both are equal
         */
        public Acr {
            check("kairos.oidc.acr.password", password);
            check("kairos.oidc.acr.mfa", mfa);
            if (password.equals(mfa)) {
                throw new IllegalArgumentException("kairos.oidc.acr.password and kairos.oidc.acr.mfa must differ, "
                        + "both are '" + mfa + "'");
            }
        }

        private static void check(String name, String value) {
            if (value == null || value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(name + " must be a non-empty value without spaces, was '"
                        + value + "'");
            }
        }

        /**
         * The value of a level.
         *
         * @param level the level
         * @return its configured {@code acr} value
         */
        public String of(AuthenticationLevel level) {
            return level == AuthenticationLevel.MFA ? mfa : password;
        }
    }
}
