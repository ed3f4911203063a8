package dev.kairos.spring;

import dev.kairos.mfa.DisableResult;
import dev.kairos.mfa.EnrollmentConflictException;
import dev.kairos.store.InvalidAccountException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes the form that turns MFA off ({@code POST}, field {@code code}: a TOTP code or a recovery code). Not an
 * authentication, so not a processing filter: a right code removes the enrollment and ends the user's other
 * sessions; the user stays signed in.
 */
final class TotpDisableFilter extends OncePerRequestFilter {

    private final RequestMatcher matcher;
    private final KairosNavigation navigation;

    TotpDisableFilter(KairosNavigation navigation) {
        this.matcher = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST,
                navigation.paths().disablePath());
        this.navigation = navigation;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !matcher.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication user = navigation.signedIn();
        if (!RecentSignIn.of(navigation).check(navigation, user, navigation.paths().setupPath(), request, response)) {
            return; // the set-up path shows "MFA is on" with this form again
        }
        String code = request.getParameter("code");
        if (code != null && code.length() > TotpAuthenticationProvider.MAX_INPUT) {
            refuse(Refusal.of(Refusal.Reason.OVERLONG, Refusal.Input.CODE_OR_RECOVERY_CODE), request, response);
            return;
        }
        DisableResult result;
        try {
            result = navigation.web().timer().time(VerificationTimer.Operation.DISABLE,
                    () -> navigation.audited(request).disable(user.getName(), code));
        } catch (InvalidAccountException e) {
            problem(Refusal.Reason.INVALID_ACCOUNT, request, response);
            return;
        } catch (EnrollmentConflictException e) {
            problem(Refusal.Reason.BUSY, request, response);
            return;
        }
        if (result instanceof DisableResult.Disabled) {
            int ended = navigation.web().otherSessions().endOthers(request, user);
            navigation.render(new KairosPage.Disabled(KairosNavigation.link(request, navigation.paths().successPath()),
                    ended), 200, request, response);
        } else {
            refuse(Refusal.of(result, Refusal.Input.CODE_OR_RECOVERY_CODE), request, response);
        }
    }

    private void refuse(Refusal refusal, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        navigation.render(new KairosPage.Active(Optional.of(refusal)), refusal.status(), request, response);
    }

    private void problem(Refusal.Reason reason, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Refusal refusal = Refusal.of(reason, Refusal.Input.CODE_OR_RECOVERY_CODE);
        navigation.render(new KairosPage.Problem(refusal), refusal.status(), request, response);
    }
}
