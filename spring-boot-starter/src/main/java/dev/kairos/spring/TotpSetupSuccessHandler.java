package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * After the first code of a new enrollment: ends the user's other sessions (opened with the password only) and
 * shows the recovery codes in this response only (no-store, no redirect: a reload posts again and is told MFA is
 * already on).
 */
final class TotpSetupSuccessHandler implements AuthenticationSuccessHandler {

    private final KairosNavigation navigation;

    TotpSetupSuccessHandler(KairosNavigation navigation) {
        this.navigation = navigation;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException {
        navigation.web().otherSessions().endOthers(request, authentication);
        @SuppressWarnings("unchecked")
        List<String> codes = (List<String>) request.getAttribute(TotpAuthenticationFilter.RECOVERY_CODES);
        request.removeAttribute(TotpAuthenticationFilter.RECOVERY_CODES);
        navigation.render(new KairosPage.RecoveryCodes(codes == null ? List.of() : codes,
                KairosNavigation.link(request, navigation.continueTo(request, response))), 200, request, response);
    }
}
