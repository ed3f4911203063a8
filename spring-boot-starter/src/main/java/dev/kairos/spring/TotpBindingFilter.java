package dev.kairos.spring;

import dev.kairos.mfa.BeginResult;
import dev.kairos.mfa.EnrollmentConflictException;
import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.Outcome;
import dev.kairos.mfa.RegenerationResult;
import dev.kairos.store.InvalidAccountException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The forms around binding an authenticator app (issue 20), beside the set-up page of {@link TotpPageFilter}:
 * <ul>
 *   <li>{@code POST kairos.web.begin-path}: "start over" (this session's set-up gets a new secret; a CSRF-checked
 *       POST, so a link on another site cannot replace what the user is scanning), or the enrollment ticket
 *       (field {@code ticket}) an account the host marks needs; then back to the set-up page;</li>
 *   <li>{@code kairos.web.password-path}: the password typed again when the sign-in is older than
 *       {@code kairos.recent-sign-in} ({@link RecentSignIn}), checked by the chain's {@link AuthenticationManager};</li>
 *   <li>{@code kairos.web.recovery-codes-path}: a new set of recovery codes for a current code, shown once.</li>
 * </ul>
 * Setting up, starting over and renewing codes need a recent sign-in.
 */
final class TotpBindingFilter extends OncePerRequestFilter {

    private final KairosNavigation navigation;
    private final RecentSignIn recent;
    private final Optional<AuthenticationManager> passwords;
    private final SessionAuthenticationStrategy sessions;
    private final SecurityContextRepository contexts;
    private final RequestMatcher begin;
    private final RequestMatcher passwordPage;
    private final RequestMatcher password;
    private final RequestMatcher codesPage;
    private final RequestMatcher codes;

    TotpBindingFilter(KairosNavigation navigation, Optional<AuthenticationManager> passwords,
            SessionAuthenticationStrategy sessions, SecurityContextRepository contexts) {
        this.navigation = navigation;
        this.recent = RecentSignIn.of(navigation);
        this.passwords = passwords;
        this.sessions = sessions;
        this.contexts = contexts;
        KairosProperties.Web web = navigation.paths();
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        this.begin = paths.matcher(HttpMethod.POST, web.beginPath());
        this.passwordPage = paths.matcher(HttpMethod.GET, web.passwordPath());
        this.password = paths.matcher(HttpMethod.POST, web.passwordPath());
        this.codesPage = paths.matcher(HttpMethod.GET, web.recoveryCodesPath());
        this.codes = paths.matcher(HttpMethod.POST, web.recoveryCodesPath());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            if (begin.matches(request)) {
                begin(request, response);
            } else if (passwordPage.matches(request)) {
                navigation.render(new KairosPage.Password(navigation.signedIn().getName(), Optional.empty()), 200,
                        request, response);
            } else if (password.matches(request)) {
                password(request, response);
            } else if (codesPage.matches(request)) {
                codesPage(request, response);
            } else if (codes.matches(request)) {
                codes(request, response);
            } else {
                chain.doFilter(request, response);
            }
        } catch (InvalidAccountException e) {
            problem(Refusal.Reason.INVALID_ACCOUNT, request, response);
        } catch (EnrollmentConflictException e) {
            problem(Refusal.Reason.BUSY, request, response);
        }
    }

    /** Start over (this session's set-up), or begin with a ticket; then the set-up page shows the set-up. */
    private void begin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Authentication user = navigation.signedIn();
        String setup = navigation.paths().setupPath();
        if (!recent.check(navigation, user, setup, request, response)) {
            return;
        }
        Enrollments enrollments = navigation.audited(request);
        String account = user.getName();
        if (enrollments.status(account) == EnrollmentStatus.ACTIVE) {
            navigation.redirect(request, response, setup); // shows "MFA is on"
            return;
        }
        String ticket = request.getParameter("ticket");
        Optional<String> handle = TotpPageFilter.setupHandle(request);
        BeginResult result;
        if (ticket != null && !ticket.isBlank()) {
            result = ticket.length() > TotpAuthenticationProvider.MAX_INPUT ? new BeginResult.TicketRefused()
                    : enrollments.begin(account, account, ticket);
        } else if (handle.isPresent()) {
            result = enrollments.restart(account, handle.get());
            if (result instanceof Outcome.StaleHandle) {
                // This session's set-up expired or was confirmed elsewhere: begin as the set-up page would.
                result = enrollments.begin(account, account);
            }
        } else {
            result = enrollments.begin(account, account);
        }
        if (result instanceof BeginResult.Begun begun) {
            request.getSession().setAttribute(TotpPageFilter.SETUP_HANDLE, begun.enrollment().handle());
            navigation.redirect(request, response, setup);
        } else if (result instanceof BeginResult.TicketRequired || result instanceof BeginResult.TicketRefused) {
            Refusal refusal = Refusal.of(result, Refusal.Input.CODE);
            navigation.render(new KairosPage.Ticket(Optional.of(refusal)), refusal.status(), request, response);
        } else {
            Refusal refusal = Refusal.of(result, Refusal.Input.CODE);
            navigation.render(new KairosPage.Problem(refusal), refusal.status(), request, response);
        }
    }

    /** The password again: a right one renews the first factor's time and goes back to where the user was. */
    private void password(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Authentication user = navigation.signedIn();
        String typed = request.getParameter("password");
        Authentication checked = null;
        if (typed != null && passwords.isPresent()) {
            try {
                checked = passwords.get().authenticate(
                        UsernamePasswordAuthenticationToken.unauthenticated(user.getName(), typed));
            } catch (AuthenticationException e) {
                checked = null;
            }
        }
        if (checked == null || !checked.isAuthenticated() || !user.getName().equals(checked.getName())) {
            Refusal refusal = Refusal.of(Refusal.Reason.WRONG_PASSWORD, Refusal.Input.CODE);
            navigation.render(new KairosPage.Password(user.getName(), Optional.of(refusal)), refusal.status(),
                    request, response);
            return;
        }
        // The application's clock, not Spring's Instant.now(): the same clock decides when it is too old.
        FactorGrantedAuthority renewed = FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
                .issuedAt(navigation.web().clock().instant()).build();
        Authentication again = user.toBuilder().authorities(authorities -> {
            authorities.removeIf(a -> FactorGrantedAuthority.PASSWORD_AUTHORITY.equals(a.getAuthority()));
            authorities.add(renewed);
        }).build();
        sessions.onAuthentication(again, request, response); // a new session id for the raised privilege
        SecurityContext context = navigation.holder().createEmptyContext();
        context.setAuthentication(again);
        navigation.holder().setContext(context);
        contexts.saveContext(context, request, response);
        HttpSession session = request.getSession();
        Object back = session.getAttribute(RecentSignIn.RETURN_TO);
        session.removeAttribute(RecentSignIn.RETURN_TO);
        navigation.redirect(request, response, back instanceof String path ? path : navigation.paths().setupPath());
    }

    private void codesPage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Authentication user = navigation.signedIn();
        if (!recent.check(navigation, user, navigation.paths().recoveryCodesPath(), request, response)) {
            return;
        }
        showCodesPage(user, Optional.empty(), 200, request, response);
    }

    private void showCodesPage(Authentication user, Optional<Refusal> error, int status, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        var remaining = navigation.web().enrollments().remainingRecoveryCodes(user.getName());
        if (remaining.isEmpty()) {
            navigation.redirect(request, response, navigation.notEnrolledGoTo(user));
            return;
        }
        navigation.render(new KairosPage.NewRecoveryCodes(remaining.getAsInt(), error), status, request, response);
    }

    private void codes(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Authentication user = navigation.signedIn();
        if (!recent.check(navigation, user, navigation.paths().recoveryCodesPath(), request, response)) {
            return;
        }
        KairosNavigation.noStore(response); // the answer holds the new codes
        String code = request.getParameter("code");
        if (code != null && code.length() > TotpAuthenticationProvider.MAX_INPUT) {
            Refusal refusal = Refusal.of(Refusal.Reason.OVERLONG, Refusal.Input.CODE_OR_RECOVERY_CODE);
            showCodesPage(user, Optional.of(refusal), refusal.status(), request, response);
            return;
        }
        RegenerationResult result = navigation.web().timer().time(VerificationTimer.Operation.REGENERATE,
                () -> navigation.audited(request).regenerateRecoveryCodes(user.getName(), code));
        if (result instanceof RegenerationResult.Regenerated regenerated) {
            navigation.render(new KairosPage.RecoveryCodes(regenerated.recoveryCodes(),
                    KairosNavigation.link(request, navigation.paths().successPath())), 200, request, response);
        } else {
            Refusal refusal = Refusal.of(result, Refusal.Input.CODE_OR_RECOVERY_CODE);
            showCodesPage(user, Optional.of(refusal), refusal.status(), request, response);
        }
    }

    private void problem(Refusal.Reason reason, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Refusal refusal = Refusal.of(reason, Refusal.Input.CODE);
        navigation.render(new KairosPage.Problem(refusal), refusal.status(), request, response);
    }
}
