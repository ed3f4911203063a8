package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;

/** The starter's own {@link OtherSessions}: none, or through the servlet {@link SessionRegistry}. */
final class SessionEnding {

    /** Used when neither Spring Session nor a session registry is available. */
    static final OtherSessions NONE = (request, user) -> 0;

    private SessionEnding() {
    }

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
