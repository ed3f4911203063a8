package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.kairos.core.Totp;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.spring.sample.SampleApplication;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

/**
 * A page switched off is left to the application's own controller, while the endpoint it posts to stays; and the
 * base paths are configurable.
 */
@SpringBootTest(classes = SampleApplication.class, properties = {"kairos.web.login-page=false",
        "kairos.web.login-path=/2fa/code", "kairos.web.recovery-path=/2fa/recovery"})
@Import({TestClock.class, ReplaceablePagesTest.OwnCodePage.class})
class ReplaceablePagesTest {

    /** The application's own code page. */
    @RestController
    static class OwnCodePage {
        @GetMapping(value = "/2fa/code", produces = "text/html")
        String page() {
            return "<form method=post action=/2fa/code>our own page</form>";
        }
    }

    @Autowired
    WebApplicationContext context;
    @Autowired
    Enrollments enrollments;
    @Autowired
    MutableClock clock;

    @Test
    void leavesASwitchedOffPageToTheApplicationAndStillAcceptsItsCodes() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        clock.advance(Duration.ofMinutes(10));
        enrollments.reset("bob@example.test", "support");
        PendingEnrollment p = enrollments.begin("bob@example.test", "bob@example.test").pending().orElseThrow();
        Totp totp = Totp.of(p.secret(), p.parameters());
        assertThat(enrollments.confirm("bob@example.test", p.handle(), totp.codeAt(clock.instant())).isConfirmed()).isTrue();
        clock.advance(Duration.ofSeconds(30));

        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").param("username", "bob@example.test").param("password", "bob-password")
                .with(csrf()).session(session)).andExpect(status().is3xxRedirection());
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/2fa/code"));
        mvc.perform(get("/2fa/code").session(session)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("our own page")));
        mvc.perform(get("/2fa/recovery").session(session)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Use a recovery code")));
        mvc.perform(post("/2fa/code").param("code", totp.codeAt(clock.instant())).with(csrf()).session(session))
                .andExpect(redirectedUrlPattern("http://localhost/?*"));
        mvc.perform(get("/").session(session)).andExpect(status().isOk());
    }
}
