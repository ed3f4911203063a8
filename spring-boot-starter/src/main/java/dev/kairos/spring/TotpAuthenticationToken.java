package dev.kairos.spring;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * The TOTP factor as Spring Security's authentication events report it: the {@code Authentication} of an
 * {@code AuthenticationSuccessEvent} (with the {@value KairosFactors#TOTP_AUTHORITY} factor) or of an
 * {@code AbstractAuthenticationFailureEvent} (unauthenticated) published for a code typed at the TOTP or
 * recovery page. It never holds the code: {@link #getCredentials()} is always null.
 *
 * <p>Immutable after construction.
 */
public final class TotpAuthenticationToken extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    /** How the factor was proven. */
    public enum Method {
        /** A TOTP code from the authenticator app. */
        TOTP_CODE,
        /** A one-time recovery code. */
        RECOVERY_CODE,
        /** The first code, confirming a new enrollment. */
        ENROLLMENT
    }

    private final transient Object principal;
    private final Method method;

    private TotpAuthenticationToken(Object principal, Method method, Collection<? extends GrantedAuthority> granted) {
        super(granted);
        this.principal = Objects.requireNonNull(principal, "principal");
        this.method = Objects.requireNonNull(method, "method");
        setAuthenticated(!granted.isEmpty());
    }

    /**
     * A factor that was proven.
     *
     * @param principal the signed-in user's principal (from the first factor)
     * @param method how it was proven
     * @param factor the granted factor authority
     * @return an authenticated token holding only the factor
     * @throws NullPointerException if an argument is null
     */
    public static TotpAuthenticationToken granted(Object principal, Method method, FactorGrantedAuthority factor) {
        return new TotpAuthenticationToken(principal, method, List.of(factor));
    }

    /**
     * A factor that was not proven.
     *
     * @param principal the signed-in user's principal (from the first factor)
     * @param method how it was attempted
     * @return an unauthenticated token
     * @throws NullPointerException if an argument is null
     */
    public static TotpAuthenticationToken refused(Object principal, Method method) {
        return new TotpAuthenticationToken(principal, method, List.of());
    }

    /**
     * Returns nothing: the code is never kept.
     *
     * @return null
     */
    @Override
    public Object getCredentials() {
        return null;
    }

    /**
     * Returns the signed-in user's principal.
     *
     * @return the principal from the first factor
     */
    @Override
    public Object getPrincipal() {
        return principal;
    }

    /**
     * Returns how the factor was proven or attempted.
     *
     * @return the method
     */
    public Method method() {
        return method;
    }
}
