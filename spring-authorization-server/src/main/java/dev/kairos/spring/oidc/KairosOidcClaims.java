package dev.kairos.spring.oidc;

import java.util.Date;
import java.util.Objects;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Adds {@code amr}, {@code acr} and {@code auth_time} to the ID tokens and JWT access tokens Spring Authorization
 * Server issues for a signed-in user, from the {@code FactorGrantedAuthority}s of the authentication the
 * authorization was granted to. Tokens without a user (client credentials) are left alone.
 *
 * <p>{@code auth_time} replaces the value Spring Authorization Server takes from the session's last request: here it
 * is when the oldest factor was given, so a client checking {@code max_age} against it learns when the password
 * (and the TOTP code) were last typed. The auto-configuration registers one as the {@code OAuth2TokenCustomizer}
 * bean; an application with a customizer of its own calls {@link #customize} from it.
 */
public final class KairosOidcClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    /** The ID token claim {@code amr} (OpenID Connect Core §2). */
    public static final String AMR = IdTokenClaimNames.AMR;
    /** The ID token claim {@code acr} (OpenID Connect Core §2). */
    public static final String ACR = IdTokenClaimNames.ACR;
    /** The ID token claim {@code auth_time}, in seconds since the epoch (OpenID Connect Core §2). */
    public static final String AUTH_TIME = IdTokenClaimNames.AUTH_TIME;

    private final KairosOidcProperties.Acr acr;

    /**
     * Creates the customizer.
     *
     * @param acr the {@code acr} value of each level
     * @throws NullPointerException if {@code acr} is null
     */
    public KairosOidcClaims(KairosOidcProperties.Acr acr) {
        this.acr = Objects.requireNonNull(acr, "acr");
    }

    /**
     * Adds the claims to an ID token or an access token issued to a signed-in user.
     *
     * @param context the token being encoded
     */
    @Override
    public void customize(JwtEncodingContext context) {
        OAuth2TokenType type = context.getTokenType();
        if (!OidcParameterNames.ID_TOKEN.equals(type.getValue()) && !OAuth2TokenType.ACCESS_TOKEN.equals(type)) {
            return;
        }
        SignIn signIn = SignIn.of(context.getPrincipal());
        JwtClaimsSet.Builder claims = context.getClaims();
        if (!signIn.amr().isEmpty()) {
            claims.claim(AMR, signIn.amr());
        }
        signIn.level().ifPresent(level -> claims.claim(ACR, acr.of(level)));
        // A Date, as Spring Authorization Server writes auth_time itself: encoded as seconds since the epoch.
        signIn.authTime().ifPresent(time -> claims.claim(AUTH_TIME, Date.from(time)));
    }
}
