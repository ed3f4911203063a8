package dev.kairos.spring;

import dev.kairos.mfa.BeginResult;
import dev.kairos.mfa.DisableResult;
import dev.kairos.mfa.EnrollmentConflictException;
import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.mfa.RegenerationResult;
import dev.kairos.qr.QrCode;
import dev.kairos.store.InvalidAccountException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The JSON API's endpoints that are not a factor being given (those are {@link TotpAuthenticationFilter}s):
 * {@code GET {api}/status}, {@code POST {api}/setup} (begin, or the same set-up again for this session),
 * {@code POST {api}/disable} and {@code POST {api}/recovery-codes} (new recovery codes), the last two with
 * {@code {"code": "..."}} (a TOTP code or a recovery code). Same service and rules as the pages; the set-up's
 * handle stays in the session ({@link TotpPageFilter#SETUP_HANDLE}) and never reaches the client.
 */
final class TotpApiFilter extends OncePerRequestFilter {

    private final KairosNavigation navigation;
    private final ApiJson json;
    private final RequestMatcher status;
    private final RequestMatcher setup;
    private final RequestMatcher disable;
    private final RequestMatcher recoveryCodes;

    TotpApiFilter(KairosNavigation navigation, ApiJson json, String path) {
        this.navigation = navigation;
        this.json = json;
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        this.status = paths.matcher(HttpMethod.GET, path + "/status");
        this.setup = paths.matcher(HttpMethod.POST, path + "/setup");
        this.disable = paths.matcher(HttpMethod.POST, path + "/disable");
        this.recoveryCodes = paths.matcher(HttpMethod.POST, path + "/recovery-codes");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !(status.matches(request) || setup.matches(request) || disable.matches(request)
                || recoveryCodes.matches(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication user = navigation.signedIn();
        try {
            if (status.matches(request)) {
                status(user, request, response);
            } else if (setup.matches(request)) {
                setup(user, request, response);
            } else if (disable.matches(request)) {
                disable(user, request, response);
            } else {
                recoveryCodes(user, request, response);
            }
        } catch (ApiRequestException e) {
            json.problem(response, e);
        } catch (InvalidAccountException e) {
            refuse(Refusal.of(Refusal.Reason.INVALID_ACCOUNT, Refusal.Input.CODE), request, response);
        } catch (EnrollmentConflictException e) {
            refuse(Refusal.of(Refusal.Reason.BUSY, Refusal.Input.CODE), request, response);
        }
    }

    /**
     * {@code {"account", "enrollment": NONE|PENDING|ACTIVE, "factor": true|false, "step": NONE|CODE|SET_UP,
     * "remainingRecoveryCodes"?, "lockedOutUntil"?}}. Reading it also loads the CSRF token, so that a
     * cookie-based token repository ({@code csrf.spa()}) sets its cookie for the client's next POST.
     */
    private void status(Authentication user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken csrf) {
            csrf.getToken();
        }
        Enrollments enrollments = navigation.web().enrollments();
        String account = user.getName();
        boolean factor = KairosFactors.hasTotpFactor(user);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account", account);
        body.put("enrollment", enrollments.status(account).name());
        body.put("factor", factor);
        body.put("step", factor ? "NONE"
                : enrollments.signInStep(account, navigation.web().enforcement().isRequired(user)).name());
        OptionalInt remaining = enrollments.remainingRecoveryCodes(account);
        if (remaining.isPresent()) {
            body.put("remainingRecoveryCodes", remaining.getAsInt());
        }
        enrollments.lockout(account).map(l -> Refusal.of(l, Refusal.Input.CODE)).flatMap(Refusal::until)
                .ifPresent(until -> body.put("lockedOutUntil", until.toString()));
        json.write(response, HttpServletResponse.SC_OK, body);
    }

    /**
     * Begins a set-up, or answers this session's set-up again (the same secret: no new QR code behind the
     * user's back); a set-up begun elsewhere is never replaced (409 {@code SETUP_IN_PROGRESS}).
     */
    private void setup(Authentication user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Enrollments enrollments = navigation.web().enrollments();
        String account = user.getName();
        if (enrollments.status(account) == EnrollmentStatus.ACTIVE) {
            refuse(Refusal.of(Refusal.Reason.ALREADY_ACTIVE, Refusal.Input.CODE), request, response);
            return;
        }
        Optional<PendingEnrollment> shown = TotpPageFilter.setupHandle(request)
                .flatMap(handle -> enrollments.pending(account, handle));
        if (shown.isEmpty()) {
            BeginResult begun;
            try {
                begun = enrollments.begin(account, account);
            } catch (EnrollmentConflictException e) {
                if (e.isRetryable()) {
                    throw e;
                }
                refuse(Refusal.of(Refusal.Reason.ALREADY_ACTIVE, Refusal.Input.CODE), request, response);
                return;
            }
            if (begun.pending().isEmpty()) {
                refuse(Refusal.of(begun, Refusal.Input.CODE), request, response);
                return;
            }
            shown = begun.pending();
            request.getSession().setAttribute(TotpPageFilter.SETUP_HANDLE, shown.get().handle());
        }
        PendingEnrollment pending = shown.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", pending.issuer());
        body.put("label", pending.label());
        body.put("otpauthUri", pending.uri().toUriString());
        body.put("qrCode", QrCode.of(pending.uri()).toDataUri());
        body.put("key", pending.manualEntryKey());
        body.put("expiresAt", pending.expiresAt().toString());
        body.put("confirm", KairosNavigation.link(request, navigation.web().properties().api().path()
                + "/setup/confirm"));
        json.write(response, HttpServletResponse.SC_OK, body);
    }

    private void disable(Authentication user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String code = code(request, response);
        if (code == null) {
            return;
        }
        DisableResult result = navigation.web().timer().time(VerificationTimer.Operation.DISABLE,
                () -> navigation.audited(request).disable(user.getName(), code));
        if (result instanceof DisableResult.Disabled) {
            int ended = navigation.web().otherSessions().endOthers(request, user);
            json.write(response, HttpServletResponse.SC_OK, Map.of("disabled", true, "otherSessionsEnded", ended));
        } else {
            refuse(Refusal.of(result, Refusal.Input.CODE_OR_RECOVERY_CODE), request, response);
        }
    }

    private void recoveryCodes(Authentication user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String code = code(request, response);
        if (code == null) {
            return;
        }
        RegenerationResult result = navigation.audited(request).regenerateRecoveryCodes(user.getName(), code);
        if (result instanceof RegenerationResult.Regenerated regenerated) {
            json.write(response, HttpServletResponse.SC_OK, Map.of("recoveryCodes", regenerated.recoveryCodes()));
        } else {
            refuse(Refusal.of(result, Refusal.Input.CODE_OR_RECOVERY_CODE), request, response);
        }
    }

    /** The body's {@code code}, or null after answering an overlong one (refused before it reaches Kairos). */
    private String code(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String code = json.field(request, "code");
        if (code.length() > TotpAuthenticationProvider.MAX_INPUT) {
            refuse(Refusal.of(Refusal.Reason.OVERLONG, Refusal.Input.CODE_OR_RECOVERY_CODE), request, response);
            return null;
        }
        return code;
    }

    private void refuse(Refusal refusal, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        json.problem(request, response, refusal);
    }
}
