package dev.kairos.spring.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** RFC 9470 on the resource server: the level and age of a token's sign-in, and the challenge that names both. */
class StepUpRequirementTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final StepUpRequirement MFA = StepUpRequirement.acr("gold")
            .withClock(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aTokenAtTheLevelPasses() {
        assertTrue(MFA.authorize(() -> token(Map.of("acr", "gold")), null).isGranted());
    }

    @Test
    void aTokenBelowTheLevelGetsTheChallengeNamingTheLevel() throws Exception {
        MockHttpServletResponse response = deny(MFA.authorize(() -> token(Map.of("acr", "silver")), null));
        assertEquals(401, response.getStatus());
        assertEquals("Bearer error=\"insufficient_user_authentication\", error_description=\"A stronger sign-in is "
                + "required\", acr_values=\"gold\"", response.getHeader("WWW-Authenticate"));
    }

    @Test
    void aTokenWithoutAcrIsBelowEveryLevel() throws Exception {
        assertEquals(401, deny(MFA.authorize(() -> token(Map.of()), null)).getStatus());
    }

    @Test
    void maxAgeCountsFromAuthTimeAndTheChallengeNamesIt() throws Exception {
        StepUpRequirement recent = MFA.maxAge(Duration.ofMinutes(5));
        long fiveMinutesAgo = NOW.minusSeconds(300).getEpochSecond();
        assertTrue(recent.authorize(() -> token(Map.of("acr", "gold", "auth_time", fiveMinutesAgo)), null)
                .isGranted(), "exactly max_age old is still recent");
        AuthorizationResult old = recent.authorize(
                () -> token(Map.of("acr", "gold", "auth_time", fiveMinutesAgo - 1)), null);
        String header = deny(old).getHeader("WWW-Authenticate");
        assertTrue(header.contains("error_description=\"A more recent sign-in is required\""), header);
        assertTrue(header.endsWith(", acr_values=\"gold\", max_age=\"300\""), header);
        assertFalse(recent.authorize(() -> token(Map.of("acr", "gold")), null).isGranted(),
                "no auth_time: the age is unknown, so not recent");
    }

    @Test
    void otherDenialsGoToTheBearerTokenHandler() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new StepUpChallengeHandler().handle(new MockHttpServletRequest(), response,
                new AccessDeniedException("no scope"));
        assertEquals(403, response.getStatus());
        assertFalse(response.getHeader("WWW-Authenticate").contains("insufficient_user_authentication"),
                response.getHeader("WWW-Authenticate"));
    }

    @Test
    void anonymousRequestsAreDeniedNotChallengedHere() {
        // No token at all is the entry point's 401; the requirement itself only denies.
        assertFalse(MFA.authorize(() -> null, null).isGranted());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, StepUpRequirement::acr);
        assertThrows(IllegalArgumentException.class, () -> StepUpRequirement.acr("a\"b"));
        assertThrows(IllegalArgumentException.class, () -> StepUpRequirement.acr("two words"));
        assertThrows(IllegalArgumentException.class, () -> MFA.maxAge(Duration.ofMillis(1500)));
        assertThrows(IllegalArgumentException.class, () -> MFA.maxAge(Duration.ofSeconds(-1)));
    }

    private static MockHttpServletResponse deny(AuthorizationResult result) throws Exception {
        assertFalse(result.isGranted());
        MockHttpServletResponse response = new MockHttpServletResponse();
        new StepUpChallengeHandler().handle(new MockHttpServletRequest(), response,
                new AuthorizationDeniedException("denied", result));
        assertNull(response.getErrorMessage());
        return response;
    }

    private static Authentication token(Map<String, Object> claims) {
        Jwt.Builder jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("alice").issuedAt(NOW.minusSeconds(1))
                .expiresAt(NOW.plusSeconds(300));
        claims.forEach(jwt::claim);
        return new JwtAuthenticationToken(jwt.build());
    }
}
