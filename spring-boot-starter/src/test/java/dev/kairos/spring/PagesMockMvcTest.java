package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.mfa.Confirmation;
import dev.kairos.mfa.EnrollmentEvent;
import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.spring.sample.SampleApplication;
import dev.kairos.store.tck.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Every page and endpoint of the TOTP factor through MockMvc and the whole Spring Security filter chain of the
 * sample application, bad input included. Each test uses accounts of its own (the store outlives a test).
 */
@SpringBootTest(classes = SampleApplication.class)
@Import({TestClock.class, PagesMockMvcTest.Recorder.class})
class PagesMockMvcTest {

    private static final Pattern MANUAL_KEY = Pattern.compile("id=\"manual-key\">([A-Z2-7 ]+)<");

    @Autowired
    WebApplicationContext context;
    @Autowired
    Enrollments enrollments;
    @Autowired
    MutableClock clock;
    @Autowired
    Recorder recorder;
    @Autowired
    MeterRegistry meters;

    MockMvc mvc;

    /** Records the Spring Security and Kairos events the tests look at. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Recorder {
        final List<Object> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(AbstractAuthenticationEvent event) {
            events.add(event);
        }

        @EventListener
        void on(KairosEnrollmentEvent event) {
            events.add(event);
        }

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        clock.advance(Duration.ofMinutes(10)); // a fresh time step, far from the last test's lockouts
        recorder.events.clear();
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Enrolls bob directly through the service and returns his authenticator app. */

    private MockHttpSession password(String user, String password) throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").param("username", user).param("password", password).with(csrf())
                .session(session)).andExpect(status().is3xxRedirection());
        return session;
    }

    private String now(Totp totp) {
        return totp.codeAt(clock.instant());
    }

    private static String wrong(String code) {
        return (code.charAt(0) == '9' ? "0" : String.valueOf((char) (code.charAt(0) + 1))) + code.substring(1);
    }

    private static Authentication authentication(MockHttpSession session) {
        SecurityContext context = (SecurityContext) session
                .getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        return context.getAuthentication();
    }

    private static List<String> factors(MockHttpSession session) {
        List<String> names = new ArrayList<>();
        for (GrantedAuthority a : authentication(session).getAuthorities()) {
            if (a instanceof FactorGrantedAuthority) {
                names.add(a.getAuthority());
            }
        }
        return names;
    }

    private String body(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString();
    }

    // ------------------------------------------------------------------------------------------ login

    @Test
    void sendsAnEnrolledUserFromAnyPageToTheTotpPageAfterThePassword() throws Exception {
        TestCodes.enrolled(enrollments, clock, "bob@example.test");
        MockHttpSession session = password("bob@example.test", "bob-password");
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/login/totp"));
        String page = body(mvc.perform(get("/login/totp").session(session)).andExpect(status().isOk()).andReturn());
        assertThat(page).contains("name=\"code\"", "name=\"_csrf\"", "bob@example.test");
        assertThat(factors(session)).containsExactly(FactorGrantedAuthority.PASSWORD_AUTHORITY);
    }

    @Test
    void linksItsLookAsAStylesheetServedToAnyoneSoAStrictContentSecurityPolicyKeepsIt() throws Exception {
        TestCodes.enrolled(enrollments, clock, "bob@example.test");
        MockHttpSession session = password("bob@example.test", "bob-password");
        String page = body(mvc.perform(get("/login/totp").session(session)).andExpect(status().isOk()).andReturn());
        assertThat(page).contains("<link rel=\"stylesheet\" href=\"/kairos.css\">").doesNotContain("<style");
        // Served before authorization, like Spring Security's /default-ui.css: a visitor without a session gets it.
        String css = body(mvc.perform(get("/kairos.css")).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "text/css;charset=UTF-8"))
                .andExpect(header().string("Cache-Control", "public, max-age=3600"))
                .andExpect(header().longValue("Content-Length", Pages.STYLE.getBytes(StandardCharsets.UTF_8).length))
                .andReturn());
        assertThat(css).isEqualTo(Pages.STYLE);
    }

    @Test
    void answersARequestThatIsNotAPageNavigationWith401InsteadOfARedirect() throws Exception {
        enrollments.reset("alice@acme.test", "support");
        MockHttpSession session = password("alice@acme.test", "alice-password");
        // A browser's favicon request must not follow a redirect to the set-up page: that would begin a new
        // enrollment and replace the QR code the user is scanning.
        mvc.perform(get("/favicon.ico").header("Accept", "image/avif,image/webp,image/*,*/*;q=0.8").session(session))
                .andExpect(status().isUnauthorized());
        assertThat(enrollments.status("alice@acme.test")).isEqualTo(EnrollmentStatus.NOT_ENROLLED);
        mvc.perform(get("/").header("Accept", "text/html,application/xhtml+xml").session(session))
                .andExpect(redirectedUrl("/mfa/setup"));
    }

    @Test
    void grantsTheTotpFactorForARightCodeWithANewSessionIdAndGoesOnToTheSavedRequest() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "bob@example.test");
        MockHttpSession session = password("bob@example.test", "bob-password");
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/login/totp"));
        String before = session.getId();

        mvc.perform(post("/login/totp").param("code", now(totp)).with(csrf()).session(session))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrlPattern("http://localhost/?*"));

        assertThat(session.getId()).as("session fixation: a new id").isNotEqualTo(before);
        assertThat(factors(session)).containsExactlyInAnyOrder(FactorGrantedAuthority.PASSWORD_AUTHORITY,
                KairosFactors.TOTP_AUTHORITY);
        mvc.perform(get("/").session(session)).andExpect(status().isOk())
                .andExpect(content().string("Hello, bob@example.test"));
        assertThat(recorder.events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                AuthenticationSuccessEvent.class, s -> {
                    assertThat(s.getAuthentication()).isInstanceOf(TotpAuthenticationToken.class);
                    assertThat(s.getAuthentication().getName()).isEqualTo("bob@example.test");
                }));
        assertThat(meters.get(KairosMetricsAutoConfiguration.METER).tag("operation", "login")
                .tag("outcome", "accepted").timer().count()).isPositive();
    }

    @Test
    void refusesAPostWithoutOrWithAForgedCsrfTokenAndCountsNothing() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "bob@example.test");
        MockHttpSession session = password("bob@example.test", "bob-password");
        mvc.perform(post("/login/totp").param("code", wrong(now(totp))).session(session))
                .andExpect(status().isForbidden());
        mvc.perform(post("/login/totp").param("code", wrong(now(totp))).with(csrf().useInvalidToken())
                .session(session)).andExpect(status().isForbidden());
        assertThat(factors(session)).doesNotContain(KairosFactors.TOTP_AUTHORITY);
        assertThat(recorder.events).noneMatch(e -> e instanceof AuthenticationFailureBadCredentialsEvent);
        // Control: the same session with a token and the right code works, so the refusals were about the token.
        mvc.perform(post("/login/totp").param("code", now(totp)).with(csrf()).session(session))
                .andExpect(status().is3xxRedirection());
        assertThat(factors(session)).contains(KairosFactors.TOTP_AUTHORITY);
    }

    @Test
    void refusesOverlongAndNonDigitCodesWithAClearMessage() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "bob@example.test");
        MockHttpSession session = password("bob@example.test", "bob-password");
        assertThat(body(mvc.perform(post("/login/totp").param("code", "1".repeat(100_000)).with(csrf())
                .session(session)).andExpect(status().isBadRequest()).andReturn())).contains("far too long");
        for (String notACode : List.of("12345a", "abcdef", "", "1234567", "<script>")) {
            String page = body(mvc.perform(post("/login/totp").param("code", notACode).with(csrf()).session(session))
                    .andExpect(status().isBadRequest()).andReturn());
            assertThat(page).contains("not a code").doesNotContain("<script>").doesNotContain("Exception");
        }
        mvc.perform(post("/login/totp").with(csrf()).session(session)).andExpect(status().isBadRequest());
        // Malformed input is not a guess: the right code still works at once (no failures counted).
        mvc.perform(post("/login/totp").param("code", now(totp)).with(csrf()).session(session))
                .andExpect(status().is3xxRedirection());
    }

    @Test
    void checksACodeAgainstTheSessionsOwnUserNeverAnotherOne() throws Exception {
        TestCodes.enrolled(enrollments, clock, "bob@example.test");
        Totp alice = TestCodes.enrolled(enrollments, clock, "alice@acme.test");
        MockHttpSession bobs = password("bob@example.test", "bob-password");
        String page = body(mvc.perform(post("/login/totp").param("code", now(alice)).with(csrf()).session(bobs))
                .andExpect(status().isUnauthorized()).andReturn());
        assertThat(page).contains("not right");
        assertThat(factors(bobs)).doesNotContain(KairosFactors.TOTP_AUTHORITY);
        assertThat(recorder.events).anyMatch(e -> e instanceof AuthenticationFailureBadCredentialsEvent f
                && f.getAuthentication().getName().equals("bob@example.test"));
    }

    @Test
    void refusesACodeReplayedInAnotherSession() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "bob@example.test");
        String code = now(totp);
        MockHttpSession first = password("bob@example.test", "bob-password");
        mvc.perform(post("/login/totp").param("code", code).with(csrf()).session(first))
                .andExpect(status().is3xxRedirection());
        MockHttpSession second = password("bob@example.test", "bob-password");
        String page = body(mvc.perform(post("/login/totp").param("code", code).with(csrf()).session(second))
                .andExpect(status().isUnauthorized()).andReturn());
        assertThat(page).contains("already used");
        assertThat(factors(second)).doesNotContain(KairosFactors.TOTP_AUTHORITY);
    }

    @Test
    void locksOutAfterRepeatedWrongCodesAndSaysUntilWhen() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "bob@example.test");
        MockHttpSession session = password("bob@example.test", "bob-password");
        MvcResult last = null;
        for (int i = 0; i < 5; i++) {
            last = mvc.perform(post("/login/totp").param("code", wrong(now(totp))).with(csrf()).session(session))
                    .andReturn();
        }
        assertThat(last.getResponse().getStatus()).isEqualTo(429);
        assertThat(body(last)).contains("Too many wrong codes. Try again after 2026-");
        // Locked: even the right code waits, and the page says so before anything is typed.
        mvc.perform(post("/login/totp").param("code", now(totp)).with(csrf()).session(session))
                .andExpect(status().isTooManyRequests());
        assertThat(body(mvc.perform(get("/login/totp").session(session)).andExpect(status().isOk()).andReturn()))
                .contains("Too many wrong codes. Try again after 2026-");
        assertThat(recorder.events).anyMatch(e -> e instanceof AuthenticationFailureLockedEvent);
        clock.advance(Duration.ofMinutes(1));
        mvc.perform(post("/login/totp").param("code", now(totp)).with(csrf()).session(session))
                .andExpect(status().is3xxRedirection());
    }

    @Test
    void sendsAnonymousVisitorsToSignInFirst() throws Exception {
        for (String path : List.of("/login/totp", "/login/recovery", "/mfa/setup")) {
            mvc.perform(get(path)).andExpect(status().is3xxRedirection())
                    .andExpect(redirectedUrl("/login"));
        }
        mvc.perform(post("/mfa/disable").param("code", "123456").with(csrf()))
                .andExpect(status().is3xxRedirection());
    }

    // ------------------------------------------------------------------------------------------ recovery

    @Test
    void acceptsEachRecoveryCodeOnceInsteadOfATotpCode() throws Exception {
        enrollments.reset("bob@example.test", "support");
        PendingEnrollment p = enrollments.begin("bob@example.test", "bob@example.test").pending().orElseThrow();
        Confirmation c = enrollments.confirm("bob@example.test", p.handle(),
                Totp.of(p.secret(), p.parameters()).codeAt(clock.instant()));
        String recoveryCode = c.recoveryCodes().get(0);

        MockHttpSession session = password("bob@example.test", "bob-password");
        mvc.perform(get("/login/recovery").session(session)).andExpect(status().isOk());
        mvc.perform(post("/login/recovery").param("code", "not-a-code!").with(csrf()).session(session))
                .andExpect(status().isBadRequest());
        // Signed in, and told how many codes are left (issue 20).
        assertThat(body(mvc.perform(post("/login/recovery").param("code", recoveryCode.toLowerCase()).with(csrf())
                .session(session)).andExpect(status().isOk()).andReturn())).contains("You have 9 left");
        assertThat(factors(session)).contains(KairosFactors.TOTP_AUTHORITY);

        MockHttpSession again = password("bob@example.test", "bob-password");
        assertThat(body(mvc.perform(post("/login/recovery").param("code", recoveryCode).with(csrf()).session(again))
                .andExpect(status().isUnauthorized()).andReturn())).contains("used already");
    }

    // ------------------------------------------------------------------------------------------ set-up

    @Test
    void sendsAnEnforcedUserWithoutEnrollmentToSetUpThenShowsRecoveryCodesOnce() throws Exception {
        enrollments.reset("alice@acme.test", "support");
        MockHttpSession session = password("alice@acme.test", "alice-password");
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/mfa/setup"));

        MvcResult setup = mvc.perform(get("/mfa/setup").session(session)).andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "no-store")).andReturn();
        String page = body(setup);
        assertThat(page).contains("src=\"data:image/png;base64,", "ACME Corp", "alice@acme.test");
        Matcher key = MANUAL_KEY.matcher(page);
        assertThat(key.find()).isTrue();
        Totp totp = Totp.of(Secret.fromBase32(key.group(1)), TotpParameters.defaults());

        assertThat(body(mvc.perform(post("/mfa/setup").param("code", wrong(now(totp))).with(csrf()).session(session))
                .andExpect(status().isUnauthorized()).andReturn())).contains("not right");

        String codes = body(mvc.perform(post("/mfa/setup").param("code", now(totp)).with(csrf()).session(session))
                .andExpect(status().isOk()).andExpect(header().string("Cache-Control", "no-store")).andReturn());
        assertThat(codes).contains("id=\"recovery-codes\"");
        assertThat(Pattern.compile("<li><code>[A-Z0-9-]{14,}</code></li>").matcher(codes)
                .results().count()).isEqualTo(10);
        assertThat(enrollments.status("alice@acme.test")).isEqualTo(EnrollmentStatus.ACTIVE);
        assertThat(factors(session)).contains(KairosFactors.TOTP_AUTHORITY);
        mvc.perform(get("/").session(session)).andExpect(status().isOk());

        // A reload posts the form again: no codes, just "already on".
        String reload = body(mvc.perform(post("/mfa/setup").param("code", now(totp)).with(csrf()).session(session))
                .andExpect(status().isConflict()).andReturn());
        assertThat(reload).doesNotContain("id=\"recovery-codes\"").contains("already on");
        assertThat(body(mvc.perform(get("/mfa/setup").session(session)).andReturn()))
                .doesNotContain("id=\"recovery-codes\"").contains("is on");
        assertThat(recorder.events).anyMatch(e -> e instanceof KairosEnrollmentEvent k
                && k.principal().equals(java.util.Optional.of("alice@acme.test"))
                && k.event().type() == EnrollmentEvent.Type.CONFIRMED
                && k.event().origin().equals(java.util.Optional.of("127.0.0.1")));
    }

    @Test
    void doesNotForceSetUpOnAUserWhoIsNeitherEnrolledNorEnforced() throws Exception {
        enrollments.reset("bob@example.test", "support");
        MockHttpSession session = password("bob@example.test", "bob-password");
        mvc.perform(get("/").session(session)).andExpect(status().isOk());
        mvc.perform(get("/login/totp").session(session)).andExpect(redirectedUrl("/"));
    }

    @Test
    void escapesTheUserNameOnEveryPage() throws Exception {
        String eve = "<i>eve</i>@example.test";
        enrollments.reset(eve, "support");
        MockHttpSession session = password(eve, "eve-password");
        String page = body(mvc.perform(get("/mfa/setup").session(session)).andExpect(status().isOk()).andReturn());
        assertThat(page).contains("&lt;i&gt;eve&lt;/i&gt;@example.test").doesNotContain("<i>eve");
    }

    // ------------------------------------------------------------------------------------------ disable

    @Test
    void disablesOnlyWithAValidCodeOrRecoveryCode() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "bob@example.test");
        MockHttpSession session = password("bob@example.test", "bob-password");
        mvc.perform(post("/login/totp").param("code", now(totp)).with(csrf()).session(session))
                .andExpect(status().is3xxRedirection());
        clock.advance(Duration.ofSeconds(30));

        mvc.perform(post("/mfa/disable").param("code", wrong(now(totp))).session(session))
                .andExpect(status().isForbidden()); // no CSRF token
        assertThat(body(mvc.perform(post("/mfa/disable").param("code", wrong(now(totp))).with(csrf())
                .session(session)).andExpect(status().isUnauthorized()).andReturn())).contains("not right");
        mvc.perform(post("/mfa/disable").param("code", "x".repeat(65)).with(csrf()).session(session))
                .andExpect(status().isBadRequest());
        assertThat(enrollments.status("bob@example.test")).isEqualTo(EnrollmentStatus.ACTIVE);

        // The sample has neither Spring Session nor a session registry: no other session was ended, so none is said.
        assertThat(body(mvc.perform(post("/mfa/disable").param("code", now(totp)).with(csrf()).session(session))
                .andExpect(status().isOk()).andReturn())).contains("is off").doesNotContain("Other sessions");
        assertThat(enrollments.status("bob@example.test")).isEqualTo(EnrollmentStatus.NOT_ENROLLED);
    }
}
