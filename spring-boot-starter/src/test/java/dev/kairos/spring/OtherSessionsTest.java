package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;

/** Turning MFA on or off ends the user's other sessions, never the current one nor another user's. */
class OtherSessionsTest {

    private final Authentication alice = new TestingAuthenticationToken("alice", null, "ROLE_USER");

    private static MockHttpServletRequest requestIn(String sessionId) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setSession(new MockHttpSession(null, sessionId));
        return request;
    }

    @Test
    void expiresTheUsersOtherSessionsInTheSessionRegistry() {
        SessionRegistryImpl registry = new SessionRegistryImpl();
        registry.registerNewSession("current", "alice");
        registry.registerNewSession("phone", "alice");
        registry.registerNewSession("bobs", "bob");

        assertThat(SessionEnding.of(registry).endOthers(requestIn("current"), alice)).isEqualTo(1);

        assertThat(registry.getSessionInformation("phone").isExpired()).isTrue();
        assertThat(registry.getSessionInformation("current").isExpired()).isFalse();
        assertThat(registry.getSessionInformation("bobs").isExpired()).isFalse();
    }

    @Test
    void deletesTheUsersOtherSessionsFromSpringSession() {
        IndexedSessions sessions = new IndexedSessions();
        sessions.add("current", "alice");
        sessions.add("laptop", "alice");
        sessions.add("bobs", "bob");

        assertThat(SpringSessions.of(sessions).endOthers(requestIn("current"), alice)).isEqualTo(1);

        assertThat(sessions.sessions.keySet()).containsExactlyInAnyOrder("current", "bobs");
    }

    /** Spring Session's index by principal name, in memory (MapSessionRepository has no index). */
    static final class IndexedSessions implements FindByIndexNameSessionRepository<MapSession> {
        final Map<String, MapSession> sessions = new HashMap<>();

        void add(String id, String principal) {
            MapSession s = new MapSession(id);
            s.setAttribute(PRINCIPAL_NAME_INDEX_NAME, principal);
            sessions.put(id, s);
        }

        @Override
        public Map<String, MapSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
            Map<String, MapSession> found = new HashMap<>();
            sessions.forEach((id, s) -> {
                if (indexValue.equals(s.getAttribute(indexName))) {
                    found.put(id, s);
                }
            });
            return found;
        }

        @Override
        public MapSession createSession() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void save(MapSession session) {
            sessions.put(session.getId(), session);
        }

        @Override
        public MapSession findById(String id) {
            return sessions.get(id);
        }

        @Override
        public void deleteById(String id) {
            sessions.remove(id);
        }
    }
}
