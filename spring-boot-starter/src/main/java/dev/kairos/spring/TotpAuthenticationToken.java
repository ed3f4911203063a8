package dev.kairos.spring;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * The TOTP factor in Spring Security's terms, as {@code OneTimeTokenAuthenticationToken} is for one-time tokens:
 * the request a processing filter hands to the {@code TotpAuthenticationProvider} (unauthenticated, the signed-in
 * user's principal and the typed code), and the answer it gives (authenticated, holding only the
 * {@value KairosFactors#TOTP_AUTHORITY} factor). Spring Security's authentication events carry it: the
 * {@code Authentication} of an {@code AuthenticationSuccessEvent} or of an
 * {@code AbstractAuthenticationFailureEvent} published for a code typed at the TOTP, recovery or set-up page.
 *
 * <p>It never shows the code: {@link #getCredentials()} is always null, and the code a request carries for the
 * provider is erased once checked. Immutable apart from that erasure.
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
    private final String name;
    private final Method method;
    /** What the user typed, for the provider only; null once erased and in answers. */
    private transient String code;
    /** For {@link Method#ENROLLMENT}: the handle of the set-up this session began; null once erased. */
    private transient String setupHandle;
    /** An enrollment's new recovery codes, for the set-up filter only, taken once; empty otherwise. */
    private transient List<String> recoveryCodes;

    private TotpAuthenticationToken(Object principal, String name, Method method, String code,
            List<String> recoveryCodes, Collection<? extends GrantedAuthority> granted) {
        super(granted);
        this.principal = Objects.requireNonNull(principal, "principal");
        this.name = Objects.requireNonNull(name, "name");
        this.method = Objects.requireNonNull(method, "method");
        this.code = code;
        this.recoveryCodes = List.copyOf(recoveryCodes);
        setAuthenticated(!granted.isEmpty());
    }

    /**
     * A code to check for the signed-in user.
     *
     * @param user the user who passed the first factor: the code is checked against this account only
     * @param method what the code is meant to be
     * @param code what the user typed, possibly null (a form without the field)
     */
    static TotpAuthenticationToken unauthenticated(Authentication user, Method method, String code) {
        return new TotpAuthenticationToken(user.getPrincipal(), user.getName(), method, code, List.of(), List.of());
    }

    /**
     * A set-up's first code to check for the signed-in user, with the handle of the set-up this session began.
     *
     * @param user the user who passed the first factor
     * @param code what the user typed, possibly null
     * @param setupHandle the handle kept in this session when the set-up began, possibly null (none began here)
     */
    static TotpAuthenticationToken enrollment(Authentication user, String code, String setupHandle) {
        TotpAuthenticationToken token = unauthenticated(user, Method.ENROLLMENT, code);
        token.setupHandle = setupHandle;
        return token;
    }

    /** The provider's answer: the factor, and for {@link Method#ENROLLMENT} the new recovery codes. */
    static TotpAuthenticationToken authenticated(TotpAuthenticationToken request, FactorGrantedAuthority factor,
            List<String> recoveryCodes) {
        TotpAuthenticationToken granted = new TotpAuthenticationToken(request.principal, request.name,
                request.method, null, recoveryCodes, List.of(factor));
        granted.setDetails(request.getDetails());
        return granted;
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
     * Returns the signed-in user's name: the account the code is checked against.
     *
     * @return the first factor's {@code Authentication.getName()}
     */
    @Override
    public String getName() {
        return name;
    }

    /** Forgets the typed code (Spring Security's {@code ProviderManager} calls this after a check). */
    @Override
    public void eraseCredentials() {
        super.eraseCredentials();
        code = null;
        setupHandle = null;
    }

    /** The typed code, for the provider; empty once erased. */
    Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** The set-up handle, for the provider; empty once erased, and for every method but enrollment. */
    Optional<String> setupHandle() {
        return Optional.ofNullable(setupHandle);
    }

    /** Hands out the new recovery codes once: a second call, or any other token, gives an empty list. */
    List<String> takeRecoveryCodes() {
        List<String> taken = recoveryCodes;
        recoveryCodes = List.of();
        return taken;
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
