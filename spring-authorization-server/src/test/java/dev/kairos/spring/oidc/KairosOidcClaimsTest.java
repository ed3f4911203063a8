package dev.kairos.spring.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kairos.spring.KairosFactors;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

/** The claims, from the factors on the authentication: RFC 8176 names, the configured acr, the oldest factor. */
class KairosOidcClaimsTest {

    private static final Instant PASSWORD_AT = Instant.parse("2026-12-05T10:00:00Z");
    private static final Instant TOTP_AT = Instant.parse("2026-12-05T10:00:20Z");
    private static final KairosOidcProperties.Acr ACR = new KairosOidcProperties.Acr("silver", "gold");

    @Test
    void passwordAndTotpArePwdOtpMfaAtTheMfaLevelSinceThePassword() {
        Map<String, Object> claims = idToken(user(password(), totp()));
        assertEquals(List.of("pwd", "otp", "mfa"), claims.get("amr"));
        assertEquals("gold", claims.get("acr"));
        assertEquals(Date.from(PASSWORD_AT), claims.get("auth_time"), "the oldest factor: max_age counts from it");
    }

    @Test
    void thePasswordAloneIsPwdAtThePasswordLevel() {
        Map<String, Object> claims = idToken(user(password()));
        assertEquals(List.of("pwd"), claims.get("amr"));
        assertEquals("silver", claims.get("acr"));
        assertEquals(Date.from(PASSWORD_AT), claims.get("auth_time"));
    }

    @Test
    void authoritiesThatAreNotFactorsSayNothing() {
        // A role named like a factor is not a factor: only FactorGrantedAuthority counts (no parallel bookkeeping).
        Map<String, Object> claims = idToken(user(new SimpleGrantedAuthority(KairosFactors.TOTP_AUTHORITY),
                new SimpleGrantedAuthority("ROLE_USER")));
        assertFalse(claims.containsKey("amr"));
        assertFalse(claims.containsKey("acr"));
        assertFalse(claims.containsKey("auth_time"));
    }

    @Test
    void aTotpFactorWithoutThePasswordIsOtpButNoLevel() {
        Map<String, Object> claims = idToken(user(totp()));
        assertEquals(List.of("otp"), claims.get("amr"));
        assertFalse(claims.containsKey("acr"), "the levels are defined over the password");
    }

    @Test
    void refreshTokensAreLeftAlone() {
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder().subject("alice");
        new KairosOidcClaims(ACR).customize(context(user(password(), totp()), OAuth2TokenType.REFRESH_TOKEN, claims));
        assertEquals(Map.of("sub", "alice"), claims.build().getClaims());
    }

    @Test
    void accessTokensCarryTheLevelForResourceServers() {
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder().subject("alice");
        new KairosOidcClaims(ACR).customize(context(user(password(), totp()), OAuth2TokenType.ACCESS_TOKEN, claims));
        assertEquals("gold", claims.build().getClaims().get("acr"));
    }

    @Test
    void acrValuesMustBeDistinctWordsWithoutSpaces() {
        assertThrows(IllegalArgumentException.class, () -> new KairosOidcProperties.Acr("same", "same"));
        assertThrows(IllegalArgumentException.class, () -> new KairosOidcProperties.Acr("two words", "gold"));
        assertThrows(IllegalArgumentException.class, () -> new KairosOidcProperties.Acr("silver", " "));
    }

    private static Map<String, Object> idToken(Authentication user) {
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder().subject(user.getName());
        new KairosOidcClaims(ACR).customize(context(user, new OAuth2TokenType("id_token"), claims));
        return claims.build().getClaims();
    }

    private static JwtEncodingContext context(Authentication user, OAuth2TokenType type, JwtClaimsSet.Builder claims) {
        return JwtEncodingContext.with(JwsHeader.with(SignatureAlgorithm.RS256), claims).principal(user)
                .tokenType(type).build();
    }

    static Authentication user(GrantedAuthority... authorities) {
        TestingAuthenticationToken user = new TestingAuthenticationToken("alice", null, List.of(authorities));
        user.setAuthenticated(true);
        return user;
    }

    static FactorGrantedAuthority password() {
        return FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY).issuedAt(PASSWORD_AT)
                .build();
    }

    static FactorGrantedAuthority totp() {
        return FactorGrantedAuthority.withAuthority(KairosFactors.TOTP_AUTHORITY).issuedAt(TOTP_AT).build();
    }
}
