package dev.kairos.spring.oidc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/**
 * A resource server's rule "this token must show this authentication level, and not be older than this": the
 * token's {@code acr} must be one of the accepted values and, with {@link #maxAge}, its {@code auth_time} at most
 * that long ago. A token that falls short is denied with a decision {@link StepUpChallengeHandler} turns into the
 * RFC 9470 challenge ({@code 401}, {@code error="insufficient_user_authentication"}, {@code acr_values},
 * {@code max_age}), so the client can send the user back to the login server for a step up.
 *
 * <pre>{@code
 * http.authorizeHttpRequests(requests -> requests
 *         .requestMatchers("/api/payments/**").access(StepUpRequirement.acr("urn:kairos:acr:mfa"))
 *         .anyRequest().authenticated())
 *     .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults())
 *         .accessDeniedHandler(new StepUpChallengeHandler()));
 * }</pre>
 *
 * <p>Reads the claims of JWT and introspected (opaque) tokens alike. Immutable and thread-safe.
 */
public final class StepUpRequirement implements AuthorizationManager<Object> {

    private final List<String> acrValues;
    private final Optional<Duration> maxAge;
    private final Clock clock;

    private StepUpRequirement(List<String> acrValues, Optional<Duration> maxAge, Clock clock) {
        this.acrValues = acrValues;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * Requires a token whose {@code acr} is one of these values. The challenge asks for them in this order.
     *
     * @param acrValues the accepted {@code acr} values, most preferred first, e.g. the login server's
     *     {@code kairos.oidc.acr.mfa}
     * @return the requirement
     * @throws IllegalArgumentException if no value is given, or a value is blank or contains a space or a quote
     */
    public static StepUpRequirement acr(String... acrValues) {
        if (acrValues.length == 0) {
            throw new IllegalArgumentException("name at least one acr value");
        }
        for (String value : acrValues) {
            if (value == null || value.isBlank() || value.chars().anyMatch(c -> c == ' ' || c == '"' || c == '\\')) {
                throw new IllegalArgumentException("an acr value must be non-empty, without spaces, quotes or "
                        + "backslashes, was '" + value + "'");
            }
        }
        return new StepUpRequirement(List.of(acrValues), Optional.empty(), Clock.systemUTC());
    }

    /**
     * Also requires the sign-in behind the token ({@code auth_time}) to be at most this old.
     *
     * @param maxAge the oldest accepted sign-in, whole seconds (RFC 9470 {@code max_age} is in seconds)
     * @return a new requirement
     * @throws IllegalArgumentException if {@code maxAge} is negative or has a fraction of a second
     */
    public StepUpRequirement maxAge(Duration maxAge) {
        if (maxAge.isNegative() || maxAge.getNano() != 0) {
            throw new IllegalArgumentException("maxAge must be whole seconds, 0 or more, was " + maxAge);
        }
        return new StepUpRequirement(acrValues, Optional.of(maxAge), clock);
    }

    /**
     * Reads the current time from this clock (tests).
     *
     * @param clock the clock that {@code auth_time} is compared with
     * @return a new requirement
     */
    public StepUpRequirement withClock(Clock clock) {
        return new StepUpRequirement(acrValues, maxAge, Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Grants a token that shows an accepted {@code acr} (and a recent enough {@code auth_time}); denies anything
     * else, a request without a token included, with a decision that names what is missing.
     *
     * @param authentication the request's authentication
     * @param object the secured object (not used)
     * @return the decision
     */
    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, Object object) {
        Map<String, Object> claims = authentication.get() instanceof AbstractOAuth2TokenAuthenticationToken<?> token
                ? token.getTokenAttributes() : Map.of();
        boolean level = acrValues.contains(String.valueOf(claims.get(KairosOidcClaims.ACR)));
        boolean recent = maxAge.isEmpty() || instant(claims.get(KairosOidcClaims.AUTH_TIME))
                .filter(time -> !time.plus(maxAge.get()).isBefore(clock.instant())).isPresent();
        if (level && recent) {
            return new AuthorizationDecision(true);
        }
        return new Challenge(acrValues, maxAge, level ? "A more recent sign-in is required"
                : "A stronger sign-in is required");
    }

    /** A JWT decoder leaves {@code auth_time} a number; an introspection converter may make it an instant. */
    private static Optional<Instant> instant(Object value) {
        if (value instanceof Instant instant) {
            return Optional.of(instant);
        }
        if (value instanceof Date date) {
            return Optional.of(date.toInstant());
        }
        if (value instanceof Number seconds) {
            return Optional.of(Instant.ofEpochSecond(seconds.longValue()));
        }
        return Optional.empty();
    }

    /** The denial, carrying what the RFC 9470 challenge asks for. */
    static final class Challenge extends AuthorizationDecision {

        private static final long serialVersionUID = 1L;

        private final List<String> acrValues;
        private final transient Optional<Duration> maxAge;
        private final String description;

        Challenge(List<String> acrValues, Optional<Duration> maxAge, String description) {
            super(false);
            this.acrValues = acrValues;
            this.maxAge = maxAge;
            this.description = description;
        }

        /** The {@code WWW-Authenticate} value of RFC 9470 §3. */
        String header() {
            StringBuilder header = new StringBuilder("Bearer error=\"insufficient_user_authentication\"")
                    .append(", error_description=\"").append(description).append('"')
                    .append(", acr_values=\"").append(String.join(" ", acrValues)).append('"');
            maxAge.ifPresent(age -> header.append(", max_age=\"").append(age.getSeconds()).append('"'));
            return header.toString();
        }
    }
}
