package dev.kairos.spring.oidc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kairos.spring.KairosFactors;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManagerFactory;
import org.springframework.security.authorization.DefaultAuthorizationManagerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Each rule of an authorization request, one request at a time; the browser test runs them end to end. */
class AuthorizationRequestRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final KairosOidcProperties.Acr ACR = new KairosOidcProperties.Acr("silver", "gold");
    private static final RegisteredClient CLIENT = RegisteredClient.withId("1").clientId("app")
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE).redirectUri("https://app.test/cb")
            .scope("openid").build();

    /** One browser session; each authorization request is a new HTTP request in it. */
    private MockHttpSession session = new MockHttpSession();
    private final AuthorizationRequestRules optionalMfa = rules(new DefaultAuthorizationManagerFactory<>());
    private final AuthorizationRequestRules totpForEveryone = rules(KairosFactors.totpAlways());

    @BeforeEach
    void exposeTheRequest() {
        nextHttpRequest();
    }

    private void nextHttpRequest() {
        MockHttpServletRequest http = new MockHttpServletRequest();
        http.setSession(session);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(http));
    }

    @AfterEach
    void forgetTheRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void acrValuesNamingNoKnownLevelIsAnInvalidRequestSentToTheClient() {
        OAuth2AuthorizationCodeRequestAuthenticationException e = refused(optionalMfa,
                request(passwordUser(), Map.of("acr_values", "bronze platinum")));
        assertEquals("invalid_request", e.getError().getErrorCode());
        assertEquals("https://app.test/cb", e.getAuthorizationCodeRequestAuthentication().getRedirectUri());
        assertEquals("st", e.getAuthorizationCodeRequestAuthentication().getState(), "the state goes back too");
    }

    @Test
    void unknownValuesBesideAKnownOneAreIgnored() {
        assertDoesNotThrow(() -> optionalMfa.accept(request(passwordUser(), Map.of("acr_values", "bronze silver"))));
    }

    @Test
    void thePasswordLevelIsReachedWithThePassword() {
        assertDoesNotThrow(() -> optionalMfa.accept(request(passwordUser(), Map.of("acr_values", "silver"))));
    }

    @Test
    void theMfaLevelMakesTheFactorRequiredForThisRequest() {
        assertStepUp(AuthorizationRequestRules.StepUp.Kind.TOTP, optionalMfa,
                request(passwordUser(), Map.of("acr_values", "gold")));
        assertDoesNotThrow(() -> optionalMfa.accept(request(mfaUser(), Map.of("acr_values", "gold"))));
    }

    @Test
    void theApplicationsOwnRuleAppliesAtTheAuthorizationEndpoint() {
        assertStepUp(AuthorizationRequestRules.StepUp.Kind.TOTP, totpForEveryone, request(passwordUser(), Map.of()));
        assertDoesNotThrow(() -> optionalMfa.accept(request(passwordUser(), Map.of())));
    }

    @Test
    void promptNoneGetsInteractionRequiredForTheFactorAndLoginRequiredWhenSignedOut() {
        assertEquals("interaction_required", refused(optionalMfa,
                request(passwordUser(), Map.of("prompt", "none", "acr_values", "gold"))).getError().getErrorCode());
        assertEquals("login_required", refused(optionalMfa,
                request(passwordUser(), Map.of("prompt", "none", "max_age", "0"))).getError().getErrorCode());
        Authentication anonymous = new AnonymousAuthenticationToken("k", "anonymous",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
        assertEquals("login_required", refused(optionalMfa, request(anonymous, Map.of("prompt", "none")))
                .getError().getErrorCode());
    }

    @Test
    void maxAgeIsWholeSeconds() {
        for (String bad : new String[] {"soon", "-1", "1.5", "", "12345678901"}) {
            assertEquals("invalid_request", refused(optionalMfa, request(passwordUser(), Map.of("max_age", bad)))
                    .getError().getErrorCode(), bad);
        }
    }

    @Test
    void factorsOlderThanMaxAgeMeanAFreshSignInAndTheReplayedRequestThenPasses() {
        Authentication tenMinutesAgo = user(NOW.minusSeconds(600), null);
        assertDoesNotThrow(() -> optionalMfa.accept(request(tenMinutesAgo, Map.of("max_age", "600"))));
        assertStepUp(AuthorizationRequestRules.StepUp.Kind.FRESH_SIGN_IN, optionalMfa,
                request(tenMinutesAgo, Map.of("max_age", "599")));
        assertEquals(NOW, session.getAttribute(AuthorizationRequestRules.FRESH_SINCE));
        // The same request again after the new sign-in: its factors are as new as the sign-in asked for.
        assertDoesNotThrow(() -> optionalMfa.accept(request(user(NOW, null), Map.of("max_age", "599"))));
        assertNull(session.getAttribute(AuthorizationRequestRules.FRESH_SINCE), "used once");
    }

    @Test
    void rulesRunTwiceForOneRequestAnswerTheSameTwice() {
        // Spring Security 7 validates at the endpoint's first filter and the provider may validate again.
        assertStepUp(AuthorizationRequestRules.StepUp.Kind.FRESH_SIGN_IN, optionalMfa,
                request(user(NOW, null), Map.of("max_age", "0")));
        OAuth2AuthorizationCodeRequestAuthenticationContext replayed = request(user(NOW, null), Map.of("max_age", "0"));
        assertDoesNotThrow(() -> optionalMfa.accept(replayed));
        assertDoesNotThrow(() -> optionalMfa.accept(replayed), "the marker was used up by the first run");
    }

    @Test
    void maxAgeZeroAndPromptLoginAlwaysAskAgainOnceAndTheFreshSignInIncludesTheFactor() {
        for (Map<String, Object> fresh : List.<Map<String, Object>>of(Map.of("max_age", "0"),
                Map.of("prompt", "login"))) {
            session = new MockHttpSession();
            assertStepUp(AuthorizationRequestRules.StepUp.Kind.FRESH_SIGN_IN, totpForEveryone,
                    request(user(NOW, NOW), fresh));
            // After the password: the factor, for this rule; after both, the request goes on.
            assertStepUp(AuthorizationRequestRules.StepUp.Kind.TOTP, totpForEveryone, request(user(NOW, null), fresh));
            assertDoesNotThrow(() -> totpForEveryone.accept(request(user(NOW, NOW), fresh)));
            assertStepUp(AuthorizationRequestRules.StepUp.Kind.FRESH_SIGN_IN, totpForEveryone,
                    request(user(NOW, NOW), fresh));
        }
    }

    @Test
    void aSignedOutUserAskedForAFreshSignInGetsTheFormOnce() {
        Authentication anonymous = new AnonymousAuthenticationToken("k", "anonymous",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
        assertDoesNotThrow(() -> optionalMfa.accept(request(anonymous, Map.of("prompt", "login"))));
        assertNotNull(session.getAttribute(AuthorizationRequestRules.FRESH_SINCE));
        assertDoesNotThrow(() -> optionalMfa.accept(request(user(NOW, null), Map.of("prompt", "login"))));
    }

    @Test
    void plainOAuthRequestsIgnoreTheOpenIdParametersButNotTheApplicationsRule() {
        Map<String, Object> parameters = Map.of("acr_values", "bronze", "max_age", "soon", "prompt", "none");
        assertDoesNotThrow(() -> optionalMfa.accept(request(passwordUser(), parameters, Set.of("read"))));
        assertStepUp(AuthorizationRequestRules.StepUp.Kind.TOTP, totpForEveryone,
                request(passwordUser(), parameters, Set.of("read")));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static AuthorizationRequestRules rules(AuthorizationManagerFactory<Object> rule) {
        return new AuthorizationRequestRules(ACR, rule, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static void assertStepUp(AuthorizationRequestRules.StepUp.Kind kind, AuthorizationRequestRules rules,
            OAuth2AuthorizationCodeRequestAuthenticationContext request) {
        assertEquals(kind, assertInstanceOf(AuthorizationRequestRules.StepUp.class, refused(rules, request)).kind());
    }

    private static OAuth2AuthorizationCodeRequestAuthenticationException refused(AuthorizationRequestRules rules,
            OAuth2AuthorizationCodeRequestAuthenticationContext request) {
        return assertThrows(OAuth2AuthorizationCodeRequestAuthenticationException.class, () -> rules.accept(request));
    }

    private OAuth2AuthorizationCodeRequestAuthenticationContext request(Authentication user,
            Map<String, Object> parameters) {
        return request(user, parameters, Set.of("openid"));
    }

    private OAuth2AuthorizationCodeRequestAuthenticationContext request(Authentication user,
            Map<String, Object> parameters, Set<String> scopes) {
        nextHttpRequest();
        return OAuth2AuthorizationCodeRequestAuthenticationContext.with(
                new OAuth2AuthorizationCodeRequestAuthenticationToken("https://login.test/oauth2/authorize", "app",
                        user, "https://app.test/cb", "st", scopes, new HashMap<>(parameters)))
                .registeredClient(CLIENT).build();
    }

    private static Authentication passwordUser() {
        return user(NOW.minusSeconds(60), null);
    }

    private static Authentication mfaUser() {
        return user(NOW.minusSeconds(60), NOW.minusSeconds(30));
    }

    private static Authentication user(Instant passwordAt, Instant totpAt) {
        FactorGrantedAuthority password = FactorGrantedAuthority.withAuthority(
                FactorGrantedAuthority.PASSWORD_AUTHORITY).issuedAt(passwordAt).build();
        return totpAt == null ? KairosOidcClaimsTest.user(password) : KairosOidcClaimsTest.user(password,
                FactorGrantedAuthority.withAuthority(KairosFactors.TOTP_AUTHORITY).issuedAt(totpAt).build());
    }
}
