package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * With Spring Session JDBC, turning MFA on or off ends the user's other sessions in its store: through the real
 * auto-configurations, in the order Spring Boot sorts them (Kairos's used to run first and back off).
 * {@code ThymeleafAccessibilityTest} runs the whole browser flow on Spring Session JDBC.
 */
class SpringSessionTest {

    private final WebApplicationContextRunner app = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KairosSecurityAutoConfiguration.class,
                    KairosAutoConfiguration.class, SecurityAutoConfiguration.class, SessionAutoConfiguration.class,
                    JdbcSessionAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class))
            .withPropertyValues("kairos.issuer=ACME Corp", "kairos.sealing.unsealed=true",
                    "spring.datasource.generate-unique-name=true", "spring.session.jdbc.initialize-schema=always");

    @Test
    void endsTheUsersOtherSessionsInSpringSessionsJdbcStore() {
        app.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(OtherSessions.class);
            @SuppressWarnings("unchecked")
            FindByIndexNameSessionRepository<Session> sessions = context.getBean(FindByIndexNameSessionRepository.class);
            String current = save(sessions, "alice");
            String laptop = save(sessions, "alice");
            String bobs = save(sessions, "bob");

            // Right after the code, the session has a new id (session fixation) that Spring Session stores only at
            // the end of the request: the store still knows it by the id the browser sent, which must survive.
            MockHttpServletRequest request = new MockHttpServletRequest();
            request.setRequestedSessionId(current);
            request.setSession(new MockHttpSession(null, "new-id-after-the-code"));
            int ended = context.getBean(OtherSessions.class).endOthers(request,
                    new TestingAuthenticationToken("alice", null, "ROLE_USER"));

            assertThat(ended).isEqualTo(1);
            assertThat(sessions.findById(laptop)).isNull();
            assertThat(List.of(current, bobs)).allSatisfy(id -> assertThat(sessions.findById(id)).isNotNull());
        });
    }

    private static String save(FindByIndexNameSessionRepository<Session> sessions, String user) {
        Session s = sessions.createSession();
        s.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, user);
        sessions.save(s);
        return s.getId();
    }
}
