package dev.kairos.spring;

import dev.kairos.mfa.BeginResult;
import dev.kairos.mfa.Confirmation;
import dev.kairos.mfa.DisableResult;
import dev.kairos.mfa.EnrollmentConflictException;
import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.LoginCheck;
import dev.kairos.mfa.Outcome;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.mfa.RecoveryResult;
import dev.kairos.mfa.SignInStep;
import dev.kairos.qr.QrCode;
import dev.kairos.store.InvalidAccountException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The TOTP factor's pages and endpoints, placed before Spring Security's {@code AuthorizationFilter} (like its
 * own default login page and one-time-token filters), so the pages are reachable by a user who has only the first
 * factor, while the {@code CsrfFilter} before it has already checked every POST.
 *
 * <p>A correct code adds {@link KairosFactors#TOTP_AUTHORITY} to the signed-in user's {@link Authentication},
 * changes the session id (session fixation) and goes on to the saved request.
 */
final class KairosFilter extends OncePerRequestFilter {

    /** Longer input is refused before it reaches Kairos: no code or recovery code is anywhere near this. */
    static final int MAX_INPUT = 64;
    /** The session attribute holding the handle of the set-up this session began (never shown, never logged). */
    static final String SETUP_HANDLE = KairosFilter.class.getName() + ".setupHandle";

    private final Enrollments enrollments;
    private final KairosProperties properties;
    private final MfaEnforcement enforcement;
    private final AuthenticationEventPublisher events;
    private final OtherSessions otherSessions;
    private final VerificationTimer timer;
    private final Clock clock;
    private final SecurityContextRepository contextRepository;
    private final RequestCache requestCache;
    private final SessionAuthenticationStrategy sessionFixation = new ChangeSessionIdAuthenticationStrategy();
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();
    private final RedirectStrategy redirects = new DefaultRedirectStrategy();

    KairosFilter(KairosWeb web, SecurityContextRepository contextRepository, RequestCache requestCache) {
        this.enrollments = web.enrollments();
        this.properties = web.properties();
        this.enforcement = web.enforcement();
        this.events = web.events();
        this.otherSessions = web.otherSessions();
        this.timer = web.timer();
        this.clock = web.clock();
        this.contextRepository = contextRepository;
        this.requestCache = requestCache;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        KairosProperties.Web web = properties.web();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean get = "GET".equals(request.getMethod());
        boolean post = "POST".equals(request.getMethod());
        try {
            if (path.equals(web.loginPath()) && (post || (get && web.loginPage()))) {
                login(request, response, post);
            } else if (path.equals(web.recoveryPath()) && (post || (get && web.recoveryPage()))) {
                recovery(request, response, post);
            } else if (path.equals(web.setupPath()) && (post || (get && web.setupPage()))) {
                setup(request, response, post);
            } else if (path.equals(web.disablePath()) && post) {
                disable(request, response);
            } else {
                chain.doFilter(request, response);
            }
        } catch (InvalidAccountException e) {
            // The user's name breaks the store's account id rules (e.g. a control character): say so, no trace.
            fail(request, response, 400, "This account's name cannot be used with two-step verification. "
                    + "Please contact support.");
        } catch (EnrollmentConflictException e) {
            // A lost race (the only conflict left here: begin's "already active" is handled where it is called).
            fail(request, response, 503, "Too many requests changed this account at once. Please try again.");
        }
    }

    private void fail(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        Authentication user = holder.getContext().getAuthentication();
        html(response, status, Pages.message(context(request, user), "Two-step verification", message));
    }

    // ---------------------------------------------------------------------------------------------- login

    private void login(HttpServletRequest request, HttpServletResponse response, boolean post) throws IOException {
        Authentication user = signedIn();
        Pages.Context page = context(request, user);
        if (!post) {
            if (KairosFactors.hasTotpFactor(user)) {
                redirects.sendRedirect(request, response, continueTo(request, response));
            } else if (enrollments.status(user.getName()) != EnrollmentStatus.ACTIVE) {
                redirects.sendRedirect(request, response, notEnrolledGoTo(user));
            } else {
                // Say so before the user types: a locked-out account's codes are not even checked.
                html(response, 200, Pages.login(page, enrollments.lockout(user.getName())
                        .map(l -> Messages.lockedOut(l).message())));
            }
            return;
        }
        String code = request.getParameter("code");
        if (code != null && code.length() > MAX_INPUT) {
            refuse(response, user, TotpAuthenticationToken.Method.TOTP_CODE, Messages.overlong(),
                    m -> Pages.login(page, Optional.of(m)));
            return;
        }
        LoginCheck result = timer.time("login", () -> audited(request).verify(user.getName(), code));
        if (result instanceof LoginCheck.Accepted) {
            grant(request, response, user, TotpAuthenticationToken.Method.TOTP_CODE);
            redirects.sendRedirect(request, response, continueTo(request, response));
        } else if (result instanceof Outcome.NotEnrolled) {
            redirects.sendRedirect(request, response, notEnrolledGoTo(user));
        } else {
            refuse(response, user, TotpAuthenticationToken.Method.TOTP_CODE,
                    Messages.of(result, Messages.Input.CODE), m -> Pages.login(page, Optional.of(m)));
        }
    }

    // ---------------------------------------------------------------------------------------------- recovery

    private void recovery(HttpServletRequest request, HttpServletResponse response, boolean post)
            throws IOException {
        Authentication user = signedIn();
        Pages.Context page = context(request, user);
        if (!post) {
            html(response, 200, Pages.recovery(page, Optional.empty()));
            return;
        }
        String code = request.getParameter("code");
        if (code != null && code.length() > MAX_INPUT) {
            refuse(response, user, TotpAuthenticationToken.Method.RECOVERY_CODE, Messages.overlong(),
                    m -> Pages.recovery(page, Optional.of(m)));
            return;
        }
        RecoveryResult result = timer.time("recovery", () -> audited(request).recover(user.getName(), code));
        if (result instanceof RecoveryResult.Recovered) {
            grant(request, response, user, TotpAuthenticationToken.Method.RECOVERY_CODE);
            redirects.sendRedirect(request, response, continueTo(request, response));
        } else {
            refuse(response, user, TotpAuthenticationToken.Method.RECOVERY_CODE,
                    Messages.of(result, Messages.Input.RECOVERY_CODE), m -> Pages.recovery(page, Optional.of(m)));
        }
    }

    // ---------------------------------------------------------------------------------------------- set-up

    private void setup(HttpServletRequest request, HttpServletResponse response, boolean post) throws IOException {
        Authentication user = signedIn();
        Pages.Context page = context(request, user);
        noStore(response); // the page holds a new secret, then recovery codes: never in a cache or the history
        if (!post) {
            if (enrollments.status(user.getName()) == EnrollmentStatus.ACTIVE) {
                html(response, 200, Pages.active(page, Optional.empty(), Optional.empty()));
                return;
            }
            // A reload shows the set-up this session began (same QR code, no new secret); a set-up begun
            // elsewhere is never replaced (issue 20; the full flow with "start over" and tickets comes later).
            Object held = request.getSession().getAttribute(SETUP_HANDLE);
            Optional<PendingEnrollment> shown = held instanceof String h
                    ? enrollments.pending(user.getName(), h) : Optional.empty();
            if (shown.isEmpty()) {
                BeginResult begun;
                try {
                    begun = enrollments.begin(user.getName(), user.getName());
                } catch (EnrollmentConflictException e) {
                    if (e.isRetryable()) {
                        throw e;
                    }
                    // Confirmed in another tab since the status was read.
                    html(response, 200, Pages.active(page, Optional.empty(), Optional.empty()));
                    return;
                }
                if (begun.pending().isEmpty()) {
                    Messages.Refusal refusal = Messages.of(begun, Messages.Input.CODE);
                    html(response, refusal.status(), Pages.setupFailed(page, refusal.message()));
                    return;
                }
                shown = begun.pending();
                request.getSession().setAttribute(SETUP_HANDLE, shown.get().handle());
            }
            PendingEnrollment pending = shown.get();
            html(response, 200, Pages.setup(page, pending.issuer(), pending.label(),
                    QrCode.of(pending.uri()).toDataUri(), pending.manualEntryKey()));
            return;
        }
        String code = request.getParameter("code");
        if (code != null && code.length() > MAX_INPUT) {
            html(response, 400, Pages.setupFailed(page, Messages.overlong().message()));
            return;
        }
        Object held = request.getSession().getAttribute(SETUP_HANDLE);
        String handle = held instanceof String h ? h : "";
        Confirmation result = timer.time("confirm", () -> audited(request).confirm(user.getName(), handle, code));
        if (result instanceof Confirmation.Confirmed confirmed) {
            // The first code proves possession as a login code does: grant the factor, so an enforced user goes on.
            Authentication granted = grant(request, response, user, TotpAuthenticationToken.Method.ENROLLMENT);
            otherSessions.endOthers(request, granted);
            // Shown in this response only (no-store, no redirect): a reload posts again and gets "already on".
            html(response, 200, Pages.recoveryCodes(page, confirmed.recoveryCodes(),
                    link(request, continueTo(request, response))));
        } else if (result instanceof Confirmation.NotPending n && n.status() == EnrollmentStatus.ACTIVE) {
            html(response, 409, Pages.active(page, Optional.of(Messages.ALREADY_ACTIVE), Optional.empty()));
        } else {
            Messages.Refusal refusal = Messages.of(result, Messages.Input.CODE);
            html(response, refusal.status(), Pages.setupFailed(page, refusal.message()));
        }
    }

    // ---------------------------------------------------------------------------------------------- disable

    private void disable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Authentication user = signedIn();
        Pages.Context page = context(request, user);
        String code = request.getParameter("code");
        if (code != null && code.length() > MAX_INPUT) {
            html(response, 400, Pages.active(page, Optional.of(Messages.overlong().message()), Optional.empty()));
            return;
        }
        DisableResult result = timer.time("disable", () -> audited(request).disable(user.getName(), code));
        if (result instanceof DisableResult.Disabled) {
            otherSessions.endOthers(request, user);
            html(response, 200, Pages.disabled(page, link(request, properties.web().successPath())));
        } else {
            Messages.Refusal refusal = Messages.of(result, Messages.Input.CODE_OR_RECOVERY_CODE);
            html(response, refusal.status(), Pages.active(page, Optional.of(refusal.message()), Optional.empty()));
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** The user who passed the first factor; anyone else is sent to sign in by the ExceptionTranslationFilter. */
    private Authentication signedIn() {
        Authentication user = holder.getContext().getAuthentication();
        if (user == null || !user.isAuthenticated() || trust.isAnonymous(user)) {
            throw new InsufficientAuthenticationException("sign in before two-step verification");
        }
        return user;
    }

    /**
     * Adds the TOTP factor to the user's authentication (replacing an older one), as Spring Security's own
     * filters add a second factor: {@code Authentication.toBuilder()} keeps the principal, details and the first
     * factor. Then a new session id, the context stored, and the success event.
     */
    private Authentication grant(HttpServletRequest request, HttpServletResponse response, Authentication user,
            TotpAuthenticationToken.Method method) {
        FactorGrantedAuthority factor = FactorGrantedAuthority.withAuthority(KairosFactors.TOTP_AUTHORITY)
                .issuedAt(clock.instant()).build();
        Authentication granted = user.toBuilder().authorities(authorities -> {
            authorities.removeIf(a -> KairosFactors.TOTP_AUTHORITY.equals(a.getAuthority()));
            authorities.add(factor);
        }).build();
        sessionFixation.onAuthentication(granted, request, response);
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(granted);
        holder.setContext(context);
        contextRepository.saveContext(context, request, response);
        events.publishAuthenticationSuccess(TotpAuthenticationToken.granted(user.getPrincipal(), method, factor));
        return granted;
    }

    private void refuse(HttpServletResponse response, Authentication user, TotpAuthenticationToken.Method method,
            Messages.Refusal refusal, java.util.function.Function<String, String> render) throws IOException {
        events.publishAuthenticationFailure(refusal.lockedOut()
                        ? new LockedException(refusal.message())
                        : new BadCredentialsException(refusal.message()),
                TotpAuthenticationToken.refused(user.getPrincipal(), method));
        html(response, refusal.status(), render.apply(refusal.message()));
    }

    private String notEnrolledGoTo(Authentication user) {
        return enrollments.signInStep(user.getName(), enforcement.isRequired(user)) == SignInStep.SET_UP
                ? properties.web().setupPath() : properties.web().successPath();
    }

    /** The saved request (an absolute URL) or the success path (relative to the context path). */
    private String continueTo(HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = requestCache.getRequest(request, response);
        if (saved != null) {
            requestCache.removeRequest(request, response);
            return saved.getRedirectUrl();
        }
        return properties.web().successPath();
    }

    /** A redirect target as a link on a page: the redirect strategy adds the context path, a page must. */
    private static String link(HttpServletRequest request, String target) {
        return target.startsWith("/") ? request.getContextPath() + target : target;
    }

    /**
     * The service as seen from this request: its events carry the client's address as their origin (the servlet
     * container's view: behind a proxy, configure Spring Boot's forwarded-header handling).
     */
    private Enrollments audited(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        return enrollments.withOrigin(address == null || address.isBlank() ? "unknown" : address);
    }

    private Pages.Context context(HttpServletRequest request, Authentication user) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return new Pages.Context(user == null ? "" : user.getName(), Optional.ofNullable(csrf),
                request.getContextPath(), properties.web());
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
    }

    private static void html(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
