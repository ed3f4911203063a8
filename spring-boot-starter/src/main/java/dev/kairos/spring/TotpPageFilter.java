package dev.kairos.spring;

import dev.kairos.mfa.BeginResult;
import dev.kairos.mfa.EnrollmentConflictException;
import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.qr.QrCode;
import dev.kairos.store.InvalidAccountException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Shows the TOTP factor's pages on {@code GET}, as Spring Security's {@code DefaultLoginPageGeneratingFilter}
 * shows its login page: the code page, the recovery page and the set-up page (which begins a new enrollment).
 * Only what to show is decided here; the {@link PageRenderer} writes it, and no code is checked here (the
 * processing filters take the forms). Each page can be switched off ({@code kairos.web.*-page=false}) for the
 * application's own controller.
 */
final class TotpPageFilter extends OncePerRequestFilter {

    /**
     * The session attribute holding the handle of the set-up this session began (never shown, never logged): the
     * set-up page re-shows that set-up, and the set-up form's code is confirmed with it.
     */
    static final String SETUP_HANDLE = "dev.kairos.spring.setupHandle";

    private static final RequestMatcher STYLESHEET =
            PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, Pages.STYLESHEET_PATH);
    private static final byte[] STYLESHEET_BYTES = Pages.STYLE.getBytes(StandardCharsets.UTF_8);

    private final KairosNavigation navigation;
    private final Optional<RequestMatcher> codePage;
    private final Optional<RequestMatcher> recoveryPage;
    private final Optional<RequestMatcher> setupPage;

    TotpPageFilter(KairosNavigation navigation) {
        this.navigation = navigation;
        KairosProperties.Web web = navigation.paths();
        this.codePage = get(web.loginPage(), web.loginPath());
        this.recoveryPage = get(web.recoveryPage(), web.recoveryPath());
        this.setupPage = get(web.setupPage(), web.setupPath());
    }

    /** The handle of the set-up this request's session began, if any (no session is created to find out). */
    static Optional<String> setupHandle(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(SETUP_HANDLE) instanceof String handle
                ? Optional.of(handle) : Optional.empty();
    }

    private static Optional<RequestMatcher> get(boolean shown, String path) {
        return shown ? Optional.of(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, path))
                : Optional.empty();
    }

    private static boolean matches(Optional<RequestMatcher> page, HttpServletRequest request) {
        return page.isPresent() && page.get().matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            if (STYLESHEET.matches(request)) {
                stylesheet(response);
            } else if (matches(codePage, request)) {
                codePage(request, response);
            } else if (matches(recoveryPage, request)) {
                Authentication user = navigation.signedIn();
                navigation.render(new KairosPage.Recovery(user.getName(), Optional.empty()), 200, request, response);
            } else if (matches(setupPage, request)) {
                setupPage(request, response);
            } else {
                chain.doFilter(request, response);
            }
        } catch (InvalidAccountException e) {
            // The user's name breaks the store's account id rules (e.g. a control character): say so, no trace.
            problem(Refusal.Reason.INVALID_ACCOUNT, request, response);
        } catch (EnrollmentConflictException e) {
            problem(Refusal.Reason.BUSY, request, response);
        }
    }

    /** The built-in look, for anyone (the sign-in pages need it before the first factor too): it holds no data. */
    private static void stylesheet(HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("text/css;charset=UTF-8");
        response.setHeader("Cache-Control", "public, max-age=3600");
        response.setContentLength(STYLESHEET_BYTES.length);
        response.getOutputStream().write(STYLESHEET_BYTES);
    }

    private void codePage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Authentication user = navigation.signedIn();
        Enrollments enrollments = navigation.web().enrollments();
        if (KairosFactors.hasTotpFactor(user) && !KairosStepUp.isPending(request, user)) {
            navigation.redirect(request, response, navigation.continueTo(request, response));
        } else if (enrollments.status(user.getName()) != EnrollmentStatus.ACTIVE) {
            navigation.redirect(request, response, navigation.notEnrolledGoTo(user));
        } else {
            // Say so before the user types: a locked-out account's codes are not even checked.
            Optional<Refusal> lockedOut = enrollments.lockout(user.getName())
                    .map(l -> Refusal.of(l, Refusal.Input.CODE));
            navigation.render(new KairosPage.Code(user.getName(), lockedOut), 200, request, response);
        }
    }

    private void setupPage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Authentication user = navigation.signedIn();
        KairosNavigation.noStore(response);
        Enrollments enrollments = navigation.web().enrollments();
        if (enrollments.status(user.getName()) == EnrollmentStatus.ACTIVE) {
            navigation.render(new KairosPage.Active(Optional.empty()), 200, request, response);
            return;
        }
        if (!RecentSignIn.of(navigation).check(navigation, user, navigation.paths().setupPath(), request, response)) {
            return;
        }
        // A reload shows the set-up this session began (the same QR code, no new secret); a set-up begun elsewhere
        // is never replaced: the service answers InProgress and this page says so (issue 20).
        Optional<PendingEnrollment> shown = setupHandle(request)
                .flatMap(handle -> enrollments.pending(user.getName(), handle));
        if (shown.isEmpty()) {
            BeginResult begun;
            try {
                begun = enrollments.begin(user.getName(), user.getName());
            } catch (EnrollmentConflictException e) {
                if (e.isRetryable()) {
                    throw e;
                }
                // Confirmed in another tab since the status was read.
                navigation.render(new KairosPage.Active(Optional.empty()), 200, request, response);
                return;
            }
            if (begun instanceof BeginResult.TicketRequired) {
                // The host marks this account: the password alone does not bind (issue 20). Ask for the ticket.
                navigation.render(new KairosPage.Ticket(Optional.empty()), 200, request, response);
                return;
            }
            if (begun.pending().isEmpty()) {
                Refusal refusal = Refusal.of(begun, Refusal.Input.CODE);
                navigation.render(new KairosPage.Problem(refusal), refusal.status(), request, response);
                return;
            }
            shown = begun.pending();
            request.getSession().setAttribute(SETUP_HANDLE, shown.get().handle());
        }
        PendingEnrollment pending = shown.get();
        navigation.render(new KairosPage.Setup(pending.issuer(), pending.label(),
                QrCode.of(pending.uri()).toDataUri(), pending.manualEntryKey()), 200, request, response);
    }

    private void problem(Refusal.Reason reason, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Refusal refusal = Refusal.of(reason, Refusal.Input.CODE);
        navigation.render(new KairosPage.Problem(refusal), refusal.status(), request, response);
    }
}
