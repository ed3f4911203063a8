package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.mfa.Enrollments;
import dev.kairos.spring.sample.SampleApplication;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * With Thymeleaf in the application, the pages come from {@code templates/kairos/*.html} through its template
 * engine: the same markup contract (ids, fields, CSRF), the texts in the request's language, and user data
 * escaped.
 */
@SpringBootTest(classes = SampleApplication.class, properties = {"spring.autoconfigure.exclude=",
        "kairos.web.stylesheets=/css/portal.css"})
@Import(TestClock.class)
class ThymeleafPagesTest {

    private static final Pattern MANUAL_KEY = Pattern.compile("id=\"manual-key\">([A-Z2-7 ]+)<");

    @Autowired
    WebApplicationContext context;
    @Autowired
    Enrollments enrollments;
    @Autowired
    MutableClock clock;
    @Autowired
    PageRenderer pages;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        clock.advance(Duration.ofMinutes(10));
    }

    private MockHttpSession signIn(String user, String password) throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").param("username", user).param("password", password).with(csrf())
                .session(session)).andExpect(status().is3xxRedirection());
        return session;
    }

    @Test
    void rendersTheSetUpFlowFromTheTemplates() throws Exception {
        assertThat(pages).isInstanceOf(ThymeleafPages.class);
        enrollments.reset("alice@acme.test", "support");
        MockHttpSession session = signIn("alice@acme.test", "alice-password");
        String setup = mvc.perform(get("/mfa/setup").session(session)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(setup).contains("<html lang=\"en\" dir=\"ltr\">", "<main>", "id=\"sign-out\"", "name=\"_csrf\"",
                "src=\"data:image/png;base64,", "<span id=\"issuer\">ACME Corp</span>",
                "<title>Set up two-step verification · ACME Corp</title>",
                "<link rel=\"stylesheet\" href=\"/css/portal.css\">",
                "<label for=\"code\">Code</label>", ">Turn on</button>");
        Matcher key = MANUAL_KEY.matcher(setup);
        assertThat(key.find()).isTrue();
        Totp totp = Totp.of(Secret.fromBase32(key.group(1)), TotpParameters.defaults());

        String refused = mvc.perform(post("/mfa/setup").param("code", "12ab56").with(csrf()).session(session))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("not a code", "aria-invalid=\"true\"", "aria-describedby=\"error code-hint\"");

        String codes = mvc.perform(post("/mfa/setup").param("code", totp.codeAt(clock.instant())).with(csrf())
                .session(session)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Pattern.compile("<li><code>[A-Z0-9-]{14,}</code></li>").matcher(codes).results().count())
                .isEqualTo(10);
    }

    @Test
    void rendersTheCodePageInArabicRightToLeftAndEscapesTheUserName() throws Exception {
        String eve = "<i>eve</i>@example.test";
        enrollments.reset(eve, "support");
        MockHttpSession session = signIn(eve, "eve-password");
        String page = mvc.perform(get("/mfa/setup").locale(Locale.forLanguageTag("ar")).session(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("<html lang=\"ar\" dir=\"rtl\">", "&lt;i&gt;eve&lt;/i&gt;@example.test")
                .doesNotContain("<i>eve");
    }
}
