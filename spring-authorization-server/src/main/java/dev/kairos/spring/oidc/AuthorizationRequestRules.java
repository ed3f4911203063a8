package dev.kairos.spring.oidc;

import dev.kairos.spring.KairosFactors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationManagerFactory;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.FactorAuthorizationDecision;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The Kairos rules of an authorization request, run by Spring Authorization Server's authorization-code request
 * provider after its own checks of the client, the redirect URI and the scopes (so every error below is sent back
 * to a redirect URI the client registered) and before it issues a code:
 *
 * <ol>
 *   <li>{@code acr_values} (OpenID Connect Core §3.1.2.1): the request is satisfied by any listed level Kairos knows;
 *   values it does not know are ignored, and a request naming none it knows is an {@code invalid_request} that
 *   lists the supported values.
 *   <li>{@code max_age} and {@code prompt=login}: factors older than {@code max_age} seconds (or any factor, for
 *   {@code prompt=login} and {@code max_age=0}) mean a fresh sign-in, the TOTP factor included.
 *   <li>The TOTP factor, when {@code acr_values} asks for {@link AuthenticationLevel#MFA} or the application's own
 *   rule (its {@code AuthorizationManagerFactory}, by default the starter's "users who enrolled or are enforced")
 *   requires it: the authorization endpoint issues codes before Spring Security's authorization filter runs, so
 *   without this check a password alone would do.
 * </ol>
 *
 * <p>What a rule needs is an interaction: with {@code prompt=none} it is the OpenID error the spec names
 * ({@code login_required} for a fresh sign-in, {@code interaction_required} for the factor, §3.1.2.6); otherwise a
 * {@link StepUp} that {@link StepUpResponses} turns into the page the user needs, after which the authorization
 * request is replayed and continues where it was.
 */
final class AuthorizationRequestRules implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

    /**
     * The session attribute holding when a fresh sign-in was asked for: factors given after it satisfy the
     * {@code prompt=login} or {@code max_age} of the replayed request, which would otherwise ask again forever.
     */
    static final String FRESH_SINCE = KairosOidcProperties.class.getName() + ".FRESH_SINCE";

    /** The request attribute saying this request passed the rules (they may run twice for one request). */
    private static final String PASSED = AuthorizationRequestRules.class.getName() + ".PASSED";
    private static final String ACR_VALUES = "acr_values";
    private static final String MAX_AGE = "max_age";
    private static final String PROMPT = "prompt";
    private static final String ERROR_URI = "https://openid.net/specs/openid-connect-core-1_0.html#AuthError";

    private final KairosOidcProperties.Acr acr;
    private final AuthorizationManagerFactory<Object> rule;
    private final Clock clock;
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

    AuthorizationRequestRules(KairosOidcProperties.Acr acr, AuthorizationManagerFactory<Object> rule, Clock clock) {
        this.acr = Objects.requireNonNull(acr, "acr");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        boolean openId = request.getScopes().contains(OidcScopes.OPENID);
        Map<String, Object> parameters = request.getAdditionalParameters();
        Set<String> prompt = openId ? words(parameters.get(PROMPT)) : Set.of();
        Optional<AuthenticationLevel> wanted = openId ? wantedLevel(request, parameters.get(ACR_VALUES))
                : Optional.empty();
        Optional<Duration> maxAge = openId ? maxAge(request, parameters.get(MAX_AGE)) : Optional.empty();
        boolean freshWanted = prompt.contains("login") || maxAge.isPresent();
        Authentication user = (Authentication) request.getPrincipal();
        HttpServletRequest http = currentRequest();
        if (http.getAttribute(PASSED) != null) {
            // Spring Security 7 validates early and the provider may validate again: the marker is used up already.
            return;
        }
        HttpSession session = http.getSession();
        Instant now = clock.instant();

        if (user == null || !user.isAuthenticated() || trust.isAnonymous(user)) {
            // prompt=none: Spring Authorization Server's provider answers login_required too, but in Spring Security 7
            // the authorization filter sends an anonymous user to the sign-in page before that provider runs; this
            // rule also runs in the endpoint's early validating filter, before the authorization filter.
            if (prompt.contains("none")) {
                need(StepUp.Kind.FRESH_SIGN_IN, request, prompt, session, now);
            }
            // Otherwise the user is sent to sign in: that sign-in is the fresh one a prompt=login or max_age asks for.
            if (freshWanted) {
                session.setAttribute(FRESH_SINCE, now);
            }
            return;
        }
        SignIn signIn = SignIn.of(user);
        if (freshWanted && !isFresh(signIn, session, prompt, maxAge, now)) {
            need(StepUp.Kind.FRESH_SIGN_IN, request, prompt, session, now);
        }
        boolean totpWanted = wanted.filter(l -> l == AuthenticationLevel.MFA).isPresent()
                || ruleWantsTotp(user, context);
        if (totpWanted && !signIn.hasTotp()) {
            need(StepUp.Kind.TOTP, request, prompt, session, now);
        }
        session.removeAttribute(FRESH_SINCE);
        http.setAttribute(PASSED, Boolean.TRUE);
    }

    private static boolean isFresh(SignIn signIn, HttpSession session, Set<String> prompt, Optional<Duration> maxAge,
            Instant now) {
        Instant since = (Instant) session.getAttribute(FRESH_SINCE);
        Optional<Instant> authTime = signIn.authTime();
        if (authTime.isEmpty()) {
            return false;
        }
        if (since != null && !authTime.get().isBefore(since)) {
            return true;
        }
        return !prompt.contains("login") && maxAge.filter(age -> !authTime.get().plus(age).isBefore(now)
                && !age.isZero()).isPresent();
    }

    private void need(StepUp.Kind kind, OAuth2AuthorizationCodeRequestAuthenticationToken request, Set<String> prompt,
            HttpSession session, Instant now) {
        if (prompt.contains("none")) {
            throw new OAuth2AuthorizationCodeRequestAuthenticationException(kind == StepUp.Kind.FRESH_SIGN_IN
                    ? new OAuth2Error("login_required", "The request needs a fresh sign-in (prompt=none)", ERROR_URI)
                    : new OAuth2Error("interaction_required",
                            "The request needs the TOTP factor (prompt=none)", ERROR_URI),
                    request);
        }
        if (kind == StepUp.Kind.FRESH_SIGN_IN) {
            session.setAttribute(FRESH_SINCE, now);
        }
        throw new StepUp(kind, request);
    }

    /** Whether the application's own rule for signed-in users asks this one for the TOTP factor. */
    private boolean ruleWantsTotp(Authentication user, Object request) {
        AuthorizationResult result = rule.authenticated().authorize(() -> user, request);
        return result != null && !result.isGranted() && result instanceof FactorAuthorizationDecision factors
                && factors.getFactorErrors().stream().anyMatch(
                        e -> KairosFactors.TOTP_AUTHORITY.equals(e.getRequiredFactor().getAuthority()));
    }

    private Optional<AuthenticationLevel> wantedLevel(OAuth2AuthorizationCodeRequestAuthenticationToken request,
            Object acrValues) {
        Set<String> values = words(acrValues);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        // Any listed level satisfies the request, so the lowest one known is what must be reached.
        Optional<AuthenticationLevel> lowest = Arrays.stream(AuthenticationLevel.values())
                .filter(level -> values.contains(acr.of(level))).findFirst();
        if (lowest.isEmpty()) {
            throw invalid(request, "acr_values names no supported level; supported: " + acr.password() + " "
                    + acr.mfa());
        }
        return lowest;
    }

    private static Optional<Duration> maxAge(OAuth2AuthorizationCodeRequestAuthenticationToken request,
            Object maxAge) {
        if (maxAge == null) {
            return Optional.empty();
        }
        String text = maxAge.toString();
        // Seconds as a non-negative decimal integer (OpenID Connect Core §3.1.2.1); at most 10 digits (317 years).
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(request, "max_age must be a whole number of seconds, 0 or more");
        }
        return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    }

    private static OAuth2AuthorizationCodeRequestAuthenticationException invalid(
            OAuth2AuthorizationCodeRequestAuthenticationToken request, String description) {
        return new OAuth2AuthorizationCodeRequestAuthenticationException(
                new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description, ERROR_URI), request);
    }

    private static Set<String> words(Object value) {
        if (value == null) {
            return Set.of();
        }
        return Arrays.stream(value.toString().split(" ")).filter(w -> !w.isEmpty()).collect(Collectors.toSet());
    }

    /**
     * The request being authorized. Spring Boot's {@code RequestContextFilter} exposes the request
     * before Spring Security's filters run; the provider itself is only handed the authorization request.
     */
    private static HttpServletRequest currentRequest() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (!(attributes instanceof ServletRequestAttributes servlet)) {
            throw new IllegalStateException("Kairos's authorization rules need the current request: register "
                    + "Spring's RequestContextFilter (Spring Boot's web auto-configuration does)");
        }
        return servlet.getRequest();
    }

    /** A rule needs the user: turned into a page by {@link StepUpResponses}, never sent to the client as is. */
    static final class StepUp extends OAuth2AuthorizationCodeRequestAuthenticationException {

        private static final long serialVersionUID = 1L;

        /** What the user must do. */
        enum Kind { FRESH_SIGN_IN, TOTP }

        private final Kind kind;

        StepUp(Kind kind, OAuth2AuthorizationCodeRequestAuthenticationToken request) {
            super(new OAuth2Error("interaction_required", "The user must sign in again or give the TOTP factor",
                    ERROR_URI), request);
            this.kind = kind;
        }

        Kind kind() {
            return kind;
        }
    }
}
