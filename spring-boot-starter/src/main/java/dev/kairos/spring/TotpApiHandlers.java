package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * The JSON API's answers to the processing filters ({@code {api}/code}, {@code {api}/recovery},
 * {@code {api}/setup/confirm}): the factor given, as JSON, or the refusal as a problem. The filter has already
 * changed the session id and saved the context, as for the pages.
 */
final class TotpApiHandlers {

    private TotpApiHandlers() {
    }

    /**
     * {@code 200 {"factor": "FACTOR_TOTP", "continue": "..."}}, plus {@code "recoveryCodes"} (shown once) after a
     * set-up. {@code continue} is the request saved before the factor was asked for, or the success path.
     */
    static AuthenticationSuccessHandler success(ApiJson json, KairosNavigation navigation) {
        return (HttpServletRequest request, HttpServletResponse response, Authentication authentication) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("factor", KairosFactors.TOTP_AUTHORITY);
            body.put("continue", KairosNavigation.link(request, navigation.continueTo(request, response)));
            if (request.getAttribute(TotpAuthenticationFilter.RECOVERY_CODES) instanceof List<?> codes) {
                body.put("recoveryCodes", codes);
            }
            json.write(response, HttpServletResponse.SC_OK, body);
        };
    }

    /** The refusal as an RFC 9457 problem with the refusal's status; a malformed request as its own problem. */
    static AuthenticationFailureHandler failure(ApiJson json) {
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) -> {
            if (exception instanceof TotpRefusedException refused) {
                json.problem(request, response, refused.refusal());
            } else if (exception instanceof ApiRequestException bad) {
                json.problem(response, bad);
            } else {
                throw exception; // not the factor's: let Spring Security's exception handling answer it
            }
        };
    }

    /** Where a processing filter of the API finds its code: a field of the JSON body. */
    static TotpAuthenticationFilter.CodeSource field(ApiJson json, String name) {
        return request -> json.field(request, name);
    }
}
