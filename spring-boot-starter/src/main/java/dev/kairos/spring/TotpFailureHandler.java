package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Answers a refused code with the page it was typed on, showing why and with the refusal's HTTP status (a wrong
 * code 401, not a code 400, locked out 429, ...); a code page for an account without MFA redirects on instead.
 */
final class TotpFailureHandler implements AuthenticationFailureHandler {

    private final TotpAuthenticationToken.Method method;
    private final KairosNavigation navigation;

    TotpFailureHandler(TotpAuthenticationToken.Method method, KairosNavigation navigation) {
        this.method = method;
        this.navigation = navigation;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        if (!(exception instanceof TotpRefusedException refused)) {
            throw exception; // not the factor's: let Spring Security's exception handling answer it
        }
        Authentication user = navigation.signedIn();
        String name = user.getName();
        Refusal refusal = refused.refusal();
        KairosPage page = switch (refusal.reason()) {
            case INVALID_ACCOUNT, BUSY -> new KairosPage.Problem(refusal);
            default -> switch (method) {
                case TOTP_CODE -> new KairosPage.Code(name, Optional.of(refusal));
                case RECOVERY_CODE -> new KairosPage.Recovery(name, Optional.of(refusal));
                case ENROLLMENT -> refusal.reason() == Refusal.Reason.ALREADY_ACTIVE
                        ? new KairosPage.Active(Optional.of(refusal)) : new KairosPage.SetupFailed(refusal);
            };
        };
        if (method == TotpAuthenticationToken.Method.TOTP_CODE && refusal.reason() == Refusal.Reason.NOT_ENROLLED) {
            navigation.redirect(request, response, navigation.notEnrolledGoTo(user));
            return;
        }
        navigation.render(page, refusal.status(), request, response);
    }
}
