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
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** The pages in the request's language: English, German, Arabic (right to left), English for any other. */
@SpringBootTest(classes = SampleApplication.class)
@Import(TestClock.class)
class PageLanguagesTest {

    @Autowired
    WebApplicationContext context;
    @Autowired
    Enrollments enrollments;
    @Autowired
    MutableClock clock;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        clock.advance(Duration.ofMinutes(10));
    }

    private MockHttpSession enrolledBobSignedIn() throws Exception {
        enrollments.reset("bob@example.test", "support");
        PendingEnrollment p = enrollments.begin("bob@example.test", "bob@example.test").pending().orElseThrow();
        Totp totp = Totp.of(p.secret(), p.parameters());
        assertThat(enrollments.confirm("bob@example.test", p.handle(), totp.codeAt(clock.instant())).isConfirmed()).isTrue();
        clock.advance(Duration.ofSeconds(30));
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").param("username", "bob@example.test").param("password", "bob-password")
                .with(csrf()).session(session)).andExpect(status().is3xxRedirection());
        return session;
    }

    private String page(MockHttpSession session, Locale locale) throws Exception {
        return mvc.perform(get("/login/totp").locale(locale).session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private String refusal(MockHttpSession session, Locale locale) throws Exception {
        return mvc.perform(post("/login/totp").param("code", "12ab56").locale(locale).with(csrf()).session(session))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void showsThePagesInGermanForAGermanBrowser() throws Exception {
        MockHttpSession session = enrolledBobSignedIn();
        assertThat(page(session, Locale.GERMANY)).contains("<html lang=\"de\" dir=\"ltr\">",
                "<title>Code eingeben · ACME Corp</title>", "Abmelden");
        assertThat(refusal(session, Locale.GERMAN)).contains("Das ist kein Code");
    }

    @Test
    void showsThePagesInArabicRightToLeftForAnArabicBrowser() throws Exception {
        MockHttpSession session = enrolledBobSignedIn();
        assertThat(page(session, Locale.forLanguageTag("ar-EG"))).contains("<html lang=\"ar\" dir=\"rtl\">",
                "أدخل الرمز");
        assertThat(refusal(session, Locale.forLanguageTag("ar"))).contains("هذا ليس رمزًا");
    }

    @Test
    void theCodePagesDoNotSayTheUserIsSignedInBeforeTheSecondFactor() throws Exception {
        MockHttpSession session = enrolledBobSignedIn();
        assertThat(page(session, Locale.ENGLISH)).contains("Signing in as <b id=\"user\">bob@example.test</b>.")
                .doesNotContain("Signed in as");
        assertThat(page(session, Locale.GERMAN)).contains("Anmeldung als <b id=\"user\">bob@example.test</b>.")
                .doesNotContain("Angemeldet als");
        String recovery = mvc.perform(get("/login/recovery").locale(Locale.ENGLISH).session(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(recovery).contains("Signing in as <b id=\"user\">bob@example.test</b>.")
                .doesNotContain("Signed in as");
    }

    @Test
    void fallsBackToEnglishForALanguageWithoutTextsWhateverTheServersLocale() throws Exception {
        Locale server = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            MockHttpSession session = enrolledBobSignedIn();
            assertThat(page(session, Locale.FRANCE)).contains("<html lang=\"en\" dir=\"ltr\">",
                    "<title>Enter your code · ACME Corp</title>");
        } finally {
            Locale.setDefault(server);
        }
    }

    @Test
    void everyLanguageHasEveryText() throws IOException {
        Properties english = bundle("");
        for (String language : new String[] {"_de", "_ar"}) {
            assertThat(bundle(language).stringPropertyNames()).as(language)
                    .containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
        }
        // And every refusal has a text: the key of each reason and input is in the English bundle.
        for (Refusal.Reason reason : Refusal.Reason.values()) {
            for (Refusal.Input input : Refusal.Input.values()) {
                assertThat(english).containsKey(Messages.key(Refusal.of(reason, input)));
            }
        }
        assertThat(english).containsKey("kairos.refusal.locked-out.until");
    }

    private static Properties bundle(String suffix) throws IOException {
        Properties p = new Properties();
        try (InputStream in = PageLanguagesTest.class.getResourceAsStream(
                "/" + KairosMessages.BUNDLE + suffix + ".properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
