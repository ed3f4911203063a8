package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    /**
     * The ids this browser's session goes by in this request: its id now and the id the browser sent. They differ
     * right after a sign-in step changed the id (session fixation), and a store that saves at the end of the
     * request (Spring Session) still knows the session only by the id the browser sent.
     */
    static Set<String> currentIds(HttpServletRequest request) {
        Set<String> ids = new HashSet<>();
        HttpSession session = request.getSession(false);
        if (session != null) {
            ids.add(session.getId());
        }
        if (request.getRequestedSessionId() != null) {
            ids.add(request.getRequestedSessionId());
        }
        return ids;
    }

    /** Through the servlet {@link SessionRegistry} (concurrent session control). */
    static OtherSessions of(SessionRegistry registry) {
        return (request, user) -> {
            Set<String> current = currentIds(request);
            List<SessionInformation> ended = new ArrayList<>();
            for (SessionInformation info : registry.getAllSessions(user.getPrincipal(), false)) {
                if (!current.contains(info.getSessionId())) {
                    info.expireNow();
                    ended.add(info);
                }
            }
            return ended.size();
        };
    }
}
