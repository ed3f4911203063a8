package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.OptionalInt;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * After a sign-in with a recovery code: a page that says how many codes are left, with a link to a new set and
 * one to where the user was going (issue 20: nothing used to tell them), instead of going on silently.
 */
final class RecoverySignInSuccessHandler implements AuthenticationSuccessHandler {

    private final KairosNavigation navigation;

    RecoverySignInSuccessHandler(KairosNavigation navigation) {
        this.navigation = navigation;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException {
        OptionalInt left = navigation.web().enrollments().remainingRecoveryCodes(authentication.getName());
        navigation.render(new KairosPage.RecoveryUsed(left.orElse(0),
                KairosNavigation.link(request, navigation.paths().recoveryCodesPath()),
                KairosNavigation.link(request, navigation.continueTo(request, response))), 200, request, response);
    }
}
