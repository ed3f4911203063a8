package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.kairos.core.Totp;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.spring.sample.SampleApplication;
import dev.kairos.store.tck.MutableClock;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * An application's {@link KairosPageFrame} and {@code kairos.web.stylesheets} put the built-in pages in its look:
 * its header (escaped where it carries data) instead of the built-in one, its footer, its name in the title, its
 * stylesheet after the built-in one; and the paths the starter publishes as public answer without a session.
 */
@SpringBootTest(classes = SampleApplication.class, properties = "kairos.web.stylesheets=/app.css")
@Import({TestClock.class, PageFrameTest.Frame.class})
class PageFrameTest {

    /** The application's frame: a brand bar naming the request's user, a footer, and a name of its own. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Frame {
        @Bean
        KairosPageFrame frame() {
            return new KairosPageFrame() {
                @Override
                public Html header(HttpServletRequest request) {
                    return Html.of("<div class=\"bar\" id=\"app-bar\">Shop · {}</div>", request.getParameter("who"));
                }

                @Override
                public Html footer(HttpServletRequest request) {
                    return Html.of("<p id=\"app-footer\">Imprint</p>");
                }

                @Override
                public Optional<String> applicationName(HttpServletRequest request) {
                    return Optional.of("Shop <EU>");
                }
            };
        }
    }

    @Autowired
    WebApplicationContext context;
    @Autowired
    Enrollments enrollments;
    @Autowired
    MutableClock clock;

    @Test
    void theBuiltInPagesShowTheApplicationsHeaderFooterNameAndStylesheet() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        enrollments.reset("bob@example.test", "support");
        PendingEnrollment p = enrollments.begin("bob@example.test", "bob@example.test").pending().orElseThrow();
        Totp totp = Totp.of(p.secret(), p.parameters());
        assertThat(enrollments.confirm("bob@example.test", p.handle(), totp.codeAt(clock.instant())).isConfirmed())
                .isTrue();
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").param("username", "bob@example.test").param("password", "bob-password")
                .with(csrf()).session(session)).andExpect(status().is3xxRedirection());

        String page = mvc.perform(get("/login/totp").param("who", "<script>").session(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page)
                .contains("<header><div class=\"bar\" id=\"app-bar\">Shop · &lt;script&gt;</div></header>")
                .contains("<footer><p id=\"app-footer\">Imprint</p></footer>")
                .contains("· Shop &lt;EU&gt;</title>")
                .contains("<link rel=\"stylesheet\" href=\"/kairos.css\"><link rel=\"stylesheet\" href=\"/app.css\">")
                // The frame's header replaces the built-in one, its sign-out form included.
                .doesNotContain("id=\"sign-out\"");
    }

    @Test
    void everyPathTheStarterPublishesAsPublicAnswersWithoutASession() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        assertThat(KairosPageFrame.PUBLIC_PATHS).isNotEmpty();
        for (String path : KairosPageFrame.PUBLIC_PATHS) {
            mvc.perform(get(path)).andExpect(status().isOk());
        }
    }
}
