package dev.kairos.spring;

import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;

/**
 * Where Spring Security sends a signed-in user who lacks {@link KairosFactors#TOTP_AUTHORITY}: the code page if
 * the account has MFA, otherwise the set-up page (the factor is required, so the user must enroll first).
 * Registered per missing authority, as Spring's one-time-token and WebAuthn factors register their login pages.
 * An expired factor (step-up, {@link KairosStepUp}) sends the user to the code page too, noting in the session
 * that a current code is asked for (the code page otherwise lets a user who has the factor go on).
 *
 * <p>Only page navigations are redirected (an {@code Accept} header with {@code text/html}, or none and no
 * {@code Authorization} header). Anything
 * else, e.g. a single-page app's {@code fetch} or the browser's own {@code /favicon.ico} request, gets the
 * {@link TotpProblemEntryPoint}'s 401 problem: following a redirect to the set-up page
 * would begin a new enrollment behind the user's back and replace the QR code they are scanning.
 */
final class TotpEntryPoint implements AuthenticationEntryPoint {

    private final Enrollments enrollments;
    private final KairosProperties.Web web;
    private final Clock clock;
    private final AuthenticationEntryPoint notNavigation;
    private final RedirectStrategy redirects = new DefaultRedirectStrategy();

    TotpEntryPoint(Enrollments enrollments, KairosProperties.Web web, Clock clock,
            AuthenticationEntryPoint notNavigation) {
        this.enrollments = enrollments;
        this.web = web;
        this.clock = clock;
        this.notNavigation = notNavigation;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
            throws IOException, ServletException {
        String accept = request.getHeader("Accept");
        // Without an Accept header, a request carrying its own credentials (HTTP Basic, a bearer token) is a
        // script, not a browser following a link.
        boolean navigation = accept == null ? request.getHeader("Authorization") == null
                : accept.contains("text/html");
        if (KairosStepUp.isExpired(request)) {
            KairosStepUp.ask(request, clock);
        }
        if (!navigation) {
            notNavigation.commence(request, response, reason);
            return;
        }
        Authentication user = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        boolean enrolled = user != null && enrollments.status(user.getName()) == EnrollmentStatus.ACTIVE;
        redirects.sendRedirect(request, response, enrolled ? web.loginPath() : web.setupPath());
    }
}
