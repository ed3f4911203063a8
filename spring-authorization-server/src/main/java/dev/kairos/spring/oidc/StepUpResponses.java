package dev.kairos.spring.oidc;

import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import dev.kairos.spring.KairosProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.util.UrlUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The authorization endpoint's answer to a refused request. A {@link AuthorizationRequestRules.StepUp} becomes the
 * page the user needs, and the authorization request is replayed afterwards:
 *
 * <ul>
 *   <li>a fresh sign-in: the session's authentication is cleared (Spring Security's logout handler, the session
 *   kept for the saved request) and the request sent again, so Spring Authorization Server asks for the password
 *   as for anyone not signed in;
 *   <li>the TOTP factor: the request is saved in the session (where the starter's pages return to after a right
 *   code) and the user sent to the code page, or to the set-up page without an active enrollment.
 * </ul>
 *
 * <p>Every other error is Spring Authorization Server's own answer (its default handler is private, so it is
 * repeated here): a redirect to the client's registered redirect URI with {@code error}, {@code error_description},
 * {@code error_uri} and {@code state} (RFC 6749 §4.1.2.1), or a 400 when there is no valid redirect URI.
 */
final class StepUpResponses implements AuthenticationFailureHandler {

    private final Enrollments enrollments;
    private final KairosProperties.Web web;
    private final RequestCache requests = new HttpSessionRequestCache();
    private final SecurityContextLogoutHandler signOut = new SecurityContextLogoutHandler();
    private final RedirectStrategy redirects = new DefaultRedirectStrategy();

    StepUpResponses(Enrollments enrollments, KairosProperties.Web web) {
        this.enrollments = enrollments;
        this.web = web;
        signOut.setInvalidateHttpSession(false);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        if (exception instanceof AuthorizationRequestRules.StepUp stepUp) {
            Authentication user = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
            if (stepUp.kind() == AuthorizationRequestRules.StepUp.Kind.FRESH_SIGN_IN) {
                signOut.logout(request, response, user);
                redirects.sendRedirect(request, response, UrlUtils.buildFullRequestUrl(request));
            } else {
                requests.saveRequest(request, response);
                boolean enrolled = enrollments.status(user.getName()) == EnrollmentStatus.ACTIVE;
                redirects.sendRedirect(request, response, enrolled ? web.loginPath() : web.setupPath());
            }
            return;
        }
        sendError(request, response, (OAuth2AuthorizationCodeRequestAuthenticationException) exception);
    }

    private void sendError(HttpServletRequest request, HttpServletResponse response,
            OAuth2AuthorizationCodeRequestAuthenticationException exception) throws IOException {
        OAuth2Error error = exception.getError();
        OAuth2AuthorizationCodeRequestAuthenticationToken authorization =
                exception.getAuthorizationCodeRequestAuthentication();
        if (authorization == null || !StringUtils.hasText(authorization.getRedirectUri())) {
            response.sendError(HttpStatus.BAD_REQUEST.value(), error.toString());
            return;
        }
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(authorization.getRedirectUri())
                .queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
        if (StringUtils.hasText(error.getDescription())) {
            uri.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encode(error.getDescription()));
        }
        if (StringUtils.hasText(error.getUri())) {
            uri.queryParam(OAuth2ParameterNames.ERROR_URI, encode(error.getUri()));
        }
        if (StringUtils.hasText(authorization.getState())) {
            uri.queryParam(OAuth2ParameterNames.STATE, encode(authorization.getState()));
        }
        redirects.sendRedirect(request, response, uri.build(true).toUriString());
    }

    private static String encode(String value) {
        return UriUtils.encode(value, StandardCharsets.UTF_8);
    }
}
