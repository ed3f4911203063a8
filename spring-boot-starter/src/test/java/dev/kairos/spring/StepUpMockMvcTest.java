package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.kairos.core.Totp;
import dev.kairos.mfa.Enrollments;
import dev.kairos.spring.stepup.StepUpApplication;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Step-up through MockMvc and the whole filter chain of {@link StepUpApplication}: {@code /account/**} by property
 * (5 minutes), {@code /transfer} in Java with {@link KairosStepUp} (1 minute), on a clock the test moves. A fresh
 * factor passes, a stale one is asked for again on the code page (or answered 401 {@code STEP_UP_REQUIRED} for a
 * JSON client) and the user comes back to the page asked for; a wrong code changes nothing.
 */
@SpringBootTest(classes = StepUpApplication.class, properties = {
        "kairos.step-up.paths=/account/**", "kairos.step-up.within=5m"})
@Import(TestClock.class)
class StepUpMockMvcTest {

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
        clock.advance(Duration.ofMinutes(10)); // a fresh time step, far from the last test's codes
    }

    private MockHttpSession password(String user) throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").param("username", user).param("password", user.substring(0, 3) + "-password")
                .with(csrf()).session(session)).andExpect(redirectedUrl("/"));
        return session;
    }

    /** A page navigation, as a browser sends it. */
    private static MockHttpServletRequestBuilder page(String path, MockHttpSession session) {
        return get(path).accept(MediaType.TEXT_HTML).session(session);
    }

    /** Types the current code on the code page, expects the way back, and follows it as a browser would. */
    private void code(MockHttpSession session, Totp totp, String returnsTo) throws Exception {
        mvc.perform(post("/login/totp").param("code", totp.codeAt(clock.instant())).with(csrf()).session(session))
                .andExpect(redirectedUrl(returnsTo));
        mvc.perform(page(returnsTo, session)).andExpect(status().isOk());
    }


    @Test
    void aFreshCodePassesAndAStaleOneIsAskedForAgainOnTheCodePageThenTheUserReturnsToThePageAskedFor()
            throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "ann@example.test");
        MockHttpSession session = password("ann@example.test");
        // The first code of the sign-in is the factor itself: asked for, then back to the page asked for.
        mvc.perform(page("/account/email", session)).andExpect(redirectedUrl("/login/totp"));
        code(session, totp, "http://localhost/account/email?continue");

        // Fresh while younger than the limit (Spring's rule: expired from issuedAt + validDuration on).
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        mvc.perform(page("/account/email", session)).andExpect(status().isOk())
                .andExpect(content().string("E-mail settings of ann@example.test"));
        // The code page does not ask a user who has a fresh enough factor: it goes on.
        mvc.perform(page("/login/totp", session)).andExpect(redirectedUrl("/"));

        clock.advance(Duration.ofSeconds(1)); // too old for /account/**; any age is fine elsewhere
        mvc.perform(page("/", session)).andExpect(status().isOk());
        mvc.perform(page("/account/email", session)).andExpect(redirectedUrl("/login/totp"));
        mvc.perform(page("/login/totp", session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("name=\"code\"")));

        // A wrong code on the re-prompt is refused there, and the page stays closed.
        String now = totp.codeAt(clock.instant());
        mvc.perform(post("/login/totp").param("code", TestCodes.wrong(now)).with(csrf()).session(session))
                .andExpect(status().isUnauthorized()).andExpect(content().string(containsString("id=\"error\"")));
        mvc.perform(page("/account/email", session)).andExpect(redirectedUrl("/login/totp"));

        code(session, totp, "http://localhost/account/email?continue");
        mvc.perform(page("/account/email", session)).andExpect(status().isOk());
        // Asked once: after the new code, the code page lets the user go on again.
        mvc.perform(page("/login/totp", session)).andExpect(redirectedUrl("/"));
    }

    @Test
    void aJsonClientWithAStaleFactorGetsTheStepUpProblemAndGoesOnAfterACodeSentToTheApi() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "ben@example.test");
        MockHttpSession session = password("ben@example.test");
        code(session, totp, "/");
        clock.advance(Duration.ofMinutes(6));

        mvc.perform(get("/account/email").accept(MediaType.APPLICATION_JSON).session(session))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("WWW-Authenticate", "TOTP step=\"code\", href=\"/mfa/api/code\""))
                .andExpect(jsonPath("$.reason").value("STEP_UP_REQUIRED"))
                .andExpect(jsonPath("$.step").value("code"))
                .andExpect(jsonPath("$.href").value("/mfa/api/code"))
                .andExpect(jsonPath("$.detail").value(containsString("recent code")));
        mvc.perform(get("/account/email").accept(MediaType.APPLICATION_JSON).header("Accept-Language", "de")
                .session(session)).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(containsString("aktueller Code")));

        mvc.perform(post("/mfa/api/code").contentType(MediaType.APPLICATION_JSON)
                .content("{\"code\": \"" + TestCodes.wrong(totp.codeAt(clock.instant())) + "\"}").with(csrf())
                .session(session)).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.reason").value("WRONG_CODE"));
        mvc.perform(post("/mfa/api/code").contentType(MediaType.APPLICATION_JSON)
                .content("{\"code\": \"" + totp.codeAt(clock.instant()) + "\"}").with(csrf()).session(session))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.continue").value("/")); // Spring's request cache never saves JSON requests
        mvc.perform(get("/account/email").accept(MediaType.APPLICATION_JSON).session(session))
                .andExpect(status().isOk());
    }

    @Test
    void theJavaRuleOfKairosStepUpHasItsOwnDuration() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "ann@example.test");
        MockHttpSession session = password("ann@example.test");
        code(session, totp, "/");
        clock.advance(Duration.ofSeconds(59));
        mvc.perform(page("/transfer", session)).andExpect(status().isOk());
        mvc.perform(page("/account/email", session)).andExpect(status().isOk());
        clock.advance(Duration.ofSeconds(1));
        mvc.perform(page("/transfer", session)).andExpect(redirectedUrl("/login/totp"));
        mvc.perform(page("/account/email", session)).andExpect(status().isOk()); // 5 minutes there
        code(session, totp, "http://localhost/transfer?continue");
        mvc.perform(page("/transfer", session)).andExpect(status().isOk())
                .andExpect(content().string("Transfer for ann@example.test"));
    }

    @Test
    void usersWithoutMfaPassAsEverywhereAndAnEnforcedOneIsSentToSetUpAsEverywhere() throws Exception {
        enrollments.reset("dan@example.test", "support");
        MockHttpSession dan = password("dan@example.test");
        clock.advance(Duration.ofHours(1));
        mvc.perform(page("/account/email", dan)).andExpect(status().isOk());
        mvc.perform(page("/transfer", dan)).andExpect(status().isOk());

        enrollments.reset("cat@acme.test", "support");
        MockHttpSession cat = password("cat@acme.test");
        mvc.perform(page("/account/email", cat)).andExpect(redirectedUrl("/mfa/setup"));
        mvc.perform(page("/transfer", cat)).andExpect(redirectedUrl("/mfa/setup"));
    }

    @Test
    void aUserWhoTurnsMfaOffInTheSessionHasNothingToStepUpWith() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "ben@example.test");
        MockHttpSession session = password("ben@example.test");
        code(session, totp, "/");
        enrollments.reset("ben@example.test", "support"); // e.g. turned off in another session, or by support
        clock.advance(Duration.ofHours(1));
        mvc.perform(page("/account/email", session)).andExpect(status().isOk());
    }

    @Test
    void refusesAStepUpDurationThatIsNotPositive() {
        KairosStepUp stepUp = context.getBean(KairosStepUp.class);
        assertThatIllegalArgumentException().isThrownBy(() -> stepUp.within(Duration.ZERO))
                .withMessageContaining("positive");
    }
}
