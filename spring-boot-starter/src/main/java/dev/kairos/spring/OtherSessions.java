package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;

/**
 * Ends a user's other sessions when their MFA is turned on or off: a session opened by someone who knew only the
 * password must not outlive the change (OWASP ASVS 4.0 §3.3.3 asks for the option after an authentication change).
 */
@FunctionalInterface
interface OtherSessions {

    /** Ends every session of the user except the one of this request; returns how many were ended. */
    int endOthers(HttpServletRequest request, Authentication user);

    /** Used when neither Spring Session nor a session registry is available. */
    OtherSessions NONE = (request, user) -> 0;

    static String currentId(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? "" : session.getId();
    }

    /** Through the servlet {@link SessionRegistry} (concurrent session control). */
    static OtherSessions of(SessionRegistry registry) {
        return (request, user) -> {
            String current = currentId(request);
            List<SessionInformation> ended = new ArrayList<>();
            for (SessionInformation info : registry.getAllSessions(user.getPrincipal(), false)) {
                if (!info.getSessionId().equals(current)) {
                    info.expireNow();
                    ended.add(info);
                }
            }
            return ended.size();
        };
    }
}
