package dev.kairos.spring;

import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
 */
final class TotpEntryPoint implements AuthenticationEntryPoint {

    private final Enrollments enrollments;
    private final KairosProperties.Web web;
    private final RedirectStrategy redirects = new DefaultRedirectStrategy();

    TotpEntryPoint(Enrollments enrollments, KairosProperties.Web web) {
        this.enrollments = enrollments;
        this.web = web;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
            throws IOException {
        Authentication user = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        boolean enrolled = user != null && enrollments.status(user.getName()) == EnrollmentStatus.ACTIVE;
        redirects.sendRedirect(request, response, enrolled ? web.loginPath() : web.setupPath());
    }
}
