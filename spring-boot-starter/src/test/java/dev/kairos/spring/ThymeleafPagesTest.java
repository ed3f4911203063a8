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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
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

    private String render(KairosPage page) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/mfa/page");
        request.setContextPath("/app");
        MockHttpServletResponse response = new MockHttpServletResponse();
        pages.render(page, 200, Optional.of("/logout"), request, response);
        assertThat(response.getContentType()).isEqualTo("text/html;charset=UTF-8");
        assertThat(response.getContentLength()).isEqualTo(response.getContentAsByteArray().length);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    /** Each page kind rendered through its template shows the data it carries (the browser test sees them all). */
    @Test
    void everyPageShowsWhatItCarries() throws Exception {
        Refusal wrong = Refusal.of(Refusal.Reason.WRONG_CODE, Refusal.Input.CODE);
        String wrongText = "That code is not right";
        Refusal malformed = Refusal.of(Refusal.Reason.MALFORMED, Refusal.Input.RECOVERY_CODE);

        assertThat(render(new KairosPage.Code("carol@acme.test", Optional.of(wrong))))
                .contains("<b id=\"user\">carol@acme.test</b>", wrongText, "action=\"/app/login/totp\"",
                        "/app/logout");
        assertThat(render(new KairosPage.Code("carol@acme.test", Optional.empty()))).doesNotContain(wrongText);
        assertThat(render(new KairosPage.Recovery("carol@acme.test", Optional.of(malformed))))
                .contains("<b id=\"user\">carol@acme.test</b>", "not a recovery code");
        assertThat(render(new KairosPage.Setup("ACME Corp", "carol@acme.test", "data:image/png;base64,AAAA",
                "ABCD EFGH"))).contains("<span id=\"issuer\">ACME Corp</span>",
                        "<span id=\"account\">carol@acme.test</span>", "data:image/png;base64,AAAA", "ABCD EFGH");
        assertThat(render(new KairosPage.SetupFailed(Refusal.of(Refusal.Reason.STALE_SETUP, Refusal.Input.CODE))))
                .contains("id=\"error\"");
        assertThat(render(new KairosPage.RecoveryCodes(List.of("AAAA-BBBB", "CCCC-DDDD"), "/app/home")))
                .contains("<code>AAAA-BBBB</code>", "<code>CCCC-DDDD</code>", "href=\"/app/home\"");
        assertThat(render(new KairosPage.Active(Optional.of(wrong)))).contains(wrongText);
        assertThat(render(new KairosPage.Disabled("/app/home", 2)))
                .contains("Your account no longer asks for a code.", "Other sessions were signed out.",
                        "href=\"/app/home\"");
        assertThat(render(new KairosPage.Disabled("/app/home", 0))).doesNotContain("Other sessions were signed out.");
        assertThat(render(new KairosPage.Ticket(Optional.of(Refusal.of(Refusal.Reason.TICKET_REFUSED,
                Refusal.Input.CODE))))).contains("id=\"error\"");
        assertThat(render(new KairosPage.Password("carol@acme.test", Optional.of(Refusal.of(
                Refusal.Reason.WRONG_PASSWORD, Refusal.Input.CODE))))).contains("<b id=\"user\">carol@acme.test</b>",
                        "id=\"error\"");
        assertThat(render(new KairosPage.NewRecoveryCodes(3, Optional.of(wrong))))
                .contains("You have 3 unused recovery codes.", wrongText);
        assertThat(render(new KairosPage.RecoveryUsed(2, "/app/mfa/recovery-codes", "/app/home")))
                .contains("You have 2 left.", "href=\"/app/mfa/recovery-codes\"", "href=\"/app/home\"");
        Instant since = Instant.parse("2026-03-01T10:00:00Z");
        assertThat(render(new KairosPage.Browsers(List.of(new KairosPage.Browsers.Browser("Firefox on Linux", since,
                since.plus(Duration.ofDays(30)), true)), Optional.of(new KairosPage.Browsers.SignedOut(2, 1)),
                "/app/mfa/browsers"))).contains("Firefox on Linux: remembered on 2026-03-01, until 2026-03-31",
                        "Done: 2 other sessions ended, 1 other remembered browsers forgotten.",
                        "action=\"/app/mfa/browsers\"");
        assertThat(render(new KairosPage.Browsers(List.of(), Optional.empty(), "/app/mfa/browsers")))
                .contains("id=\"no-browsers\"").doesNotContain("id=\"notice\"");
        assertThat(render(new KairosPage.Problem(Refusal.of(Refusal.Reason.BUSY, Refusal.Input.CODE))))
                .contains("id=\"error\"");
    }
}
