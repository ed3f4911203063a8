package dev.kairos.spring;

import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The answer to a request that is not a page navigation (a {@code fetch}, a mobile client, HTTP Basic) of a
 * signed-in user who lacks {@link KairosFactors#TOTP_AUTHORITY}: {@code 401} with a {@code WWW-Authenticate}
 * challenge of the scheme {@code TOTP}, and, with Jackson, an RFC 9457 problem naming the step
 * ({@code "code"} for an enrolled account, {@code "set-up"} otherwise) and where to send it:
 *
 * <pre>{@code
 * WWW-Authenticate: TOTP step="code", href="/mfa/api/code"
 * {"type": "tag:kairos.dev,2026:problem:code-required", "status": 401, "reason": "CODE_REQUIRED",
 *  "step": "code", "href": "/mfa/api/code", "page": "/login/totp", ...}
 * }</pre>
 *
 * <p>For an expired factor (step-up, {@link KairosStepUp}) the reason is {@code STEP_UP_REQUIRED}, the step
 * {@code "code"}.
 *
 * <p>{@code setStatus}, not {@code sendError}: an error dispatch to {@code /error} would be denied too, and saved as
 * the request to return to after the code.
 */
final class TotpProblemEntryPoint implements AuthenticationEntryPoint {

    private final Enrollments enrollments;
    private final KairosProperties properties;
    private final Optional<ApiJson> json;

    TotpProblemEntryPoint(Enrollments enrollments, KairosProperties properties, Optional<ApiJson> json) {
        this.enrollments = enrollments;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
            throws IOException {
        Authentication user = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        boolean enrolled = user != null && enrollments.status(user.getName()) == EnrollmentStatus.ACTIVE;
        String step = enrolled ? "code" : "set-up";
        KairosProperties.Web web = properties.web();
        KairosProperties.Api api = properties.api();
        String page = KairosNavigation.link(request, enrolled ? web.loginPath() : web.setupPath());
        String href = api.enabled() && json.isPresent()
                ? KairosNavigation.link(request, api.path() + (enrolled ? "/code" : "/setup")) : page;
        // Quoted-string values (RFC 9110 §11.2): paths are the application's own, without '"' or '\'.
        response.setHeader("WWW-Authenticate", "TOTP step=\"" + step + "\", href=\"" + href + "\"");
        if (json.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        boolean stepUp = enrolled && KairosStepUp.isExpired(request);
        String problemReason = stepUp ? "STEP_UP_REQUIRED" : enrolled ? "CODE_REQUIRED" : "SETUP_REQUIRED";
        String text = stepUp ? "kairos.api.step-up-required"
                : enrolled ? "kairos.api.code-required" : "kairos.api.setup-required";
        Map<String, Object> problem = json.get().problem(problemReason, HttpServletResponse.SC_UNAUTHORIZED,
                json.get().text(text, request));
        problem.put("step", step);
        problem.put("href", href);
        problem.put("page", page);
        json.get().writeProblem(response, HttpServletResponse.SC_UNAUTHORIZED, problem);
    }
}
