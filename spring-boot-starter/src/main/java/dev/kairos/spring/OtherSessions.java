package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionRegistry;

/**
 * Ends a user's other sessions when their MFA is turned on or off, a set-up is confirmed or the user signs out
 * every other browser: a session opened by someone who knew only the password must not outlive the change (OWASP
 * ASVS 4.0 §3.3.3 asks for the option after an authentication change).
 *
 * <p>The starter finds one on its own with Spring Session's index by principal name
 * ({@code FindByIndexNameSessionRepository}) or with a servlet {@link SessionRegistry}; without either it ends
 * none, and the pages say no other session was ended. An application that tracks sessions its own way declares a
 * bean of this type, which takes precedence over both.
 */
@FunctionalInterface
public interface OtherSessions {

    /**
     * Ends every session of the user except the one of this request.
     *
     * @param request the request of the user's current session, which stays
     * @param user the signed-in user whose other sessions end
     * @return how many sessions were ended (0 when there were none)
     */
    int endOthers(HttpServletRequest request, Authentication user);
}
