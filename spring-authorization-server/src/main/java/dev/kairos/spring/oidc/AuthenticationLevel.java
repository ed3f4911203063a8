package dev.kairos.spring.oidc;

/**
 * How strongly a user signed in, in the order of strength. Its {@code acr} value is configured in
 * {@link KairosOidcProperties.Acr}.
 */
public enum AuthenticationLevel {
    /** The password only. */
    PASSWORD,
    /** The password and the TOTP factor (a TOTP code, or a recovery code in its place). */
    MFA
}
