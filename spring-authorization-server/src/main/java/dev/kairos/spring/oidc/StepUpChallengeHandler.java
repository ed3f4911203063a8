package dev.kairos.spring.oidc;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers a request that {@link StepUpRequirement} denied with RFC 9470's challenge: {@code 401} and
 * {@code WWW-Authenticate: Bearer error="insufficient_user_authentication", error_description="...",
 * acr_values="...", max_age="..."}. Every other denial goes to the handler it replaces (by default Spring Security's
 * {@link BearerTokenAccessDeniedHandler}: {@code 403} with {@code insufficient_scope}). Immutable and thread-safe.
 */
public final class StepUpChallengeHandler implements AccessDeniedHandler {

    private final AccessDeniedHandler otherwise;

    /** Creates the handler, with Spring Security's bearer-token handler for other denials. */
    public StepUpChallengeHandler() {
        this(new BearerTokenAccessDeniedHandler());
    }

    /**
     * Creates the handler.
     *
     * @param otherwise the handler for denials that are not about the authentication level
     * @throws NullPointerException if {@code otherwise} is null
     */
    public StepUpChallengeHandler(AccessDeniedHandler otherwise) {
        this.otherwise = Objects.requireNonNull(otherwise, "otherwise");
    }

    /**
     * Writes the challenge, or hands the denial on.
     *
     * @param request the request
     * @param response the response
     * @param denied why access was denied
     * @throws IOException if the response cannot be written
     * @throws ServletException from the other handler
     */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        if (denied instanceof AuthorizationDeniedException authorization
                && authorization.getAuthorizationResult() instanceof StepUpRequirement.Challenge challenge) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge.header());
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        otherwise.handle(request, response, denied);
    }
}
