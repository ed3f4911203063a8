package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.kairos.core.Totp;
import dev.kairos.mfa.DisableResult;
import dev.kairos.mfa.Enrollments;
import dev.kairos.spring.remember.RememberApplication;
import dev.kairos.store.tck.MutableClock;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.FactorAuthorizationDecision;
import org.springframework.security.authorization.RequiredFactor;
import org.springframework.security.authorization.RequiredFactorError;
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
 * Remembered users (Spring's remember-me) and remembered browsers ("don't ask again on this browser") through
 * MockMvc and the whole filter chain of an application with a password login and remember-me. Each test uses
 * accounts of its own or resets them (the store outlives a test).
 */
@SpringBootTest(classes = RememberApplication.class, properties = {
        "kairos.remembered-browsers.enabled=true",
        "kairos.remembered-browsers.fresh-code-paths=/admin/**"})
@Import({TestClock.class, RememberedBrowsersMockMvcTest.Recorder.class})
class RememberedBrowsersMockMvcTest {

    private static final String COOKIE = "KAIROS_BROWSER";

    @Autowired
    WebApplicationContext context;
    @Autowired
    Enrollments enrollments;
    @Autowired
    MutableClock clock;
    @Autowired
    RememberedBrowsers browsers;
    @Autowired
    Recorder recorder;

    MockMvc mvc;

    /** Records the remembered-browser events. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Recorder {
        final List<RememberedBrowserEvent> events = new CopyOnWriteArrayList<>();
        final List<String> successes = new CopyOnWriteArrayList<>();

        @EventListener
        void on(RememberedBrowserEvent event) {
            events.add(event);
        }

        @EventListener
        void on(AuthenticationSuccessEvent event) {
            successes.add(event.getAuthentication().getName());
        }
    }

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        clock.advance(Duration.ofMinutes(10));
        recorder.events.clear();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private MockHttpSession password(String user, Cookie... cookies) throws Exception {
        MockHttpSession session = new MockHttpSession();
        var request = post("/login").param("username", user).param("password", user.split("@")[0] + "-password")
                .with(csrf()).session(session);
        if (cookies.length > 0) {
            request.cookie(cookies);
        }
        mvc.perform(request).andExpect(status().is3xxRedirection());
        return session;
    }

    /** Password, then a code with "don't ask again" ticked: the cookie it issued. */
    private Cookie remembered(String user, Totp totp) throws Exception {
        MockHttpSession session = password(user);
        MvcResult result = mvc.perform(post("/login/totp").param("code", totp.codeAt(clock.instant()))
                .param("remember", "true").with(csrf()).session(session))
                .andExpect(status().is3xxRedirection()).andReturn();
        clock.advance(Duration.ofSeconds(30));
        Cookie cookie = result.getResponse().getCookie(COOKIE);
        assertThat(cookie).as("the cookie asked for").isNotNull();
        return cookie;
    }

    /** A new sign-in with the password on a browser holding the cookie: where "/" goes. */
    private MockHttpSession signInAgain(String user, Cookie cookie) throws Exception {
        return password(user, cookie);
    }

    private void homeIsOpen(MockHttpSession session, Cookie cookie, String user) throws Exception {
        String body = mvc.perform(get("/").session(session).cookie(cookie)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(body).isEqualTo("Hello, " + user);
    }

    private MvcResult homeAsksForACode(MockHttpSession session, Cookie cookie) throws Exception {
        return mvc.perform(get("/").session(session).cookie(cookie)).andExpect(redirectedUrl("/login/totp"))
                .andReturn();
    }

    /** After MFA was turned off: rose enrolls again, and her old cookie does not skip the new code. */
    private void homeAsksForACodeOrSetUp(Cookie cookie) throws Exception {
        assertThat(browsers.list("rose@example.test")).isEmpty();
        TestCodes.enrolled(enrollments, clock, "rose@example.test");
        homeAsksForACode(signInAgain("rose@example.test", cookie), cookie);
    }

    private static Authentication authentication(MockHttpSession session) {
        SecurityContext context = (SecurityContext) session
                .getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        return context.getAuthentication();
    }

    private static Optional<FactorGrantedAuthority> totpFactor(MockHttpSession session) {
        for (GrantedAuthority a : authentication(session).getAuthorities()) {
            if (a instanceof FactorGrantedAuthority f && KairosFactors.TOTP_AUTHORITY.equals(f.getAuthority())) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private List<RememberedBrowserEvent.Type> events() {
        return recorder.events.stream().map(RememberedBrowserEvent::type).toList();
    }

    // ------------------------------------------------------------------------------------------ remember-me

    @Test
    void aRememberMeSignInOfAnEnrolledUserGoesToTheCodePageNotThePasswordPage() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "rita@example.test");
        MockHttpSession first = new MockHttpSession();
        Cookie rememberMe = mvc.perform(post("/login").param("username", "rita@example.test")
                .param("password", "rita-password").param("remember-me", "on").with(csrf()).session(first))
                .andReturn().getResponse().getCookie("remember-me");
        assertThat(rememberMe).as("Spring's remember-me cookie").isNotNull();

        // A new browser session: remember-me signs rita in, and only the TOTP factor is missing.
        MockHttpSession later = new MockHttpSession();
        mvc.perform(get("/").session(later).cookie(rememberMe)).andExpect(redirectedUrl("/login/totp"));
        String page = mvc.perform(get("/login/totp").session(later)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(page).contains("name=\"code\"", "rita@example.test");
        mvc.perform(post("/login/totp").param("code", totp.codeAt(clock.instant())).with(csrf()).session(later))
                .andExpect(redirectedUrlPattern("http://localhost/?*"));
        mvc.perform(get("/").session(later)).andExpect(status().isOk());
    }

    @Test
    void aRememberMeSignInOfAUserWithoutMfaGoesStraightIn() throws Exception {
        enrollments.reset("rob@example.test", "support");
        Cookie rememberMe = mvc.perform(post("/login").param("username", "rob@example.test")
                .param("password", "rob-password").param("remember-me", "on").with(csrf())
                .session(new MockHttpSession())).andReturn().getResponse().getCookie("remember-me");
        mvc.perform(get("/").session(new MockHttpSession()).cookie(rememberMe)).andExpect(status().isOk());
    }

    @Test
    void takesFromSpringsHandlingOnlyADenialWhoseOnlyMissingFactorIsTotp() {
        RequiredFactor totp = RequiredFactor.withAuthority(KairosFactors.TOTP_AUTHORITY).build();
        RequiredFactor password = RequiredFactor.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY).build();
        assertThat(RememberedUserFilter.onlyTotpMissing(denied(RequiredFactorError.createMissing(totp)))).isTrue();
        // A remember-me user must type the password where the host requires the password factor too.
        assertThat(RememberedUserFilter.onlyTotpMissing(denied(RequiredFactorError.createMissing(totp),
                RequiredFactorError.createMissing(password)))).isFalse();
        assertThat(RememberedUserFilter.onlyTotpMissing(new AccessDeniedException("no role"))).isFalse();
    }

    private static AuthorizationDeniedException denied(RequiredFactorError... errors) {
        return new AuthorizationDeniedException("denied", new FactorAuthorizationDecision(List.of(errors)));
    }

    // ------------------------------------------------------------------------------------------ issuing

    @Test
    void issuesTheCookieOnlyWhenAskedHttpOnlyForTheConfiguredDuration() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "rob@example.test");
        MockHttpSession session = password("rob@example.test");
        String page = mvc.perform(get("/login/totp").session(session)).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("name=\"remember\"", "for 30 days");
        MvcResult notAsked = mvc.perform(post("/login/totp").param("code", totp.codeAt(clock.instant()))
                .with(csrf()).session(session)).andExpect(status().is3xxRedirection()).andReturn();
        assertThat(notAsked.getResponse().getCookie(COOKIE)).isNull();
        assertThat(browsers.list("rob@example.test")).isEmpty();
        clock.advance(Duration.ofSeconds(30));

        Cookie cookie = remembered("rob@example.test", totp);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getMaxAge()).isEqualTo((int) Duration.ofDays(30).toSeconds());
        assertThat(cookie.getValue()).doesNotContain(browsers.list("rob@example.test").get(0).id());
        assertThat(browsers.list("rob@example.test")).hasSize(1);
        assertThat(events()).contains(RememberedBrowserEvent.Type.REMEMBERED);
    }

    @Test
    void theCookieIsForTheWholeApplicationSameSiteLaxAndSecureOverHttps() throws Exception {
        Cookie plain = remembered("ruth@example.test", TestCodes.enrolled(enrollments, clock, "ruth@example.test"));
        assertThat(plain.getPath()).isEqualTo("/");
        assertThat(plain.getAttribute("SameSite")).isEqualTo("Lax");
        assertThat(plain.getSecure()).as("the test's plain HTTP").isFalse();

        Totp totp = TestCodes.enrolled(enrollments, clock, "ruth@example.test");
        MockHttpSession session = password("ruth@example.test");
        Cookie secure = mvc.perform(post("/login/totp").secure(true).header("User-Agent", "Firefox/140 \u00e9t\u00e9")
                .param("code", totp.codeAt(clock.instant())).param("remember", "true").with(csrf()).session(session))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getCookie(COOKIE);
        assertThat(secure.getSecure()).isTrue();
        assertThat(browsers.list("ruth@example.test")).singleElement()
                .satisfies(b -> assertThat(b.description()).isEqualTo("Firefox/140 ?t?"));
    }

    @Test
    void aBrowserIsDescribedByItsUserAgentInPrintableAsciiCutToTheRecordsLimit() {
        assertThat(RememberedBrowserService.describe(null)).isEqualTo("unknown browser");
        assertThat(RememberedBrowserService.describe("  ")).isEqualTo("unknown browser");
        assertThat(RememberedBrowserService.describe(" Safari\t ")).isEqualTo("Safari");
        assertThat(RememberedBrowserService.describe("Safari\u0000/1\n")).isEqualTo("Safari?/1");
        String exact = "x".repeat(RememberedBrowser.MAX_DESCRIPTION);
        assertThat(RememberedBrowserService.describe(exact)).isEqualTo(exact);
        assertThat(RememberedBrowserService.describe(exact + "yz")).isEqualTo(exact);
    }

    @Test
    void theJsonApisCodeEndpointRemembersTheBrowserOnlyForRememberTrue() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "rob@example.test");
        MvcResult notAsked = mvc.perform(post("/mfa/api/code").contentType("application/json")
                .content("{\"code\": \"" + totp.codeAt(clock.instant()) + "\", \"remember\": \"true\"}")
                .with(csrf()).session(password("rob@example.test"))).andExpect(status().isOk()).andReturn();
        assertThat(notAsked.getResponse().getCookie(COOKIE)).as("a string is not the flag").isNull();
        clock.advance(Duration.ofSeconds(30));

        MvcResult asked = mvc.perform(post("/mfa/api/code").contentType("application/json")
                .content("{\"code\": \"" + totp.codeAt(clock.instant()) + "\", \"remember\": true}")
                .with(csrf()).session(password("rob@example.test"))).andExpect(status().isOk()).andReturn();
        Cookie cookie = asked.getResponse().getCookie(COOKIE);
        assertThat(cookie).isNotNull();
        homeIsOpen(signInAgain("rob@example.test", cookie), cookie, "rob@example.test");
    }

    // ------------------------------------------------------------------------------------------ honoured

    @Test
    void aRememberedBrowserStandsInForTheCodeWithTheFactorDatedWhenTheCodeWasTyped() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "ruth@example.test");
        Instant typed = clock.instant();
        Cookie cookie = remembered("ruth@example.test", totp);
        clock.advance(Duration.ofDays(3));

        MockHttpSession session = signInAgain("ruth@example.test", cookie);
        String before = session.getId();
        recorder.successes.clear();
        homeIsOpen(session, cookie, "ruth@example.test");
        assertThat(session.getId()).as("a new session id for the raised privilege").isNotEqualTo(before);
        assertThat(recorder.successes).as("Spring's authentication success event").containsExactly("ruth@example.test");
        assertThat(authentication(session).getAuthorities()).map(GrantedAuthority::getAuthority)
                .containsOnlyOnce(KairosFactors.TOTP_AUTHORITY).contains(FactorGrantedAuthority.PASSWORD_AUTHORITY);
        assertThat(totpFactor(session)).as("the TOTP factor, dated when the code was typed").isPresent();
        assertThat(totpFactor(session).get().getIssuedAt()).isBetween(typed.minusSeconds(1), typed.plusSeconds(1));
        assertThat(events()).contains(RememberedBrowserEvent.Type.RECOGNIZED);
        // The next request needs no cookie: the session has the factor.
        mvc.perform(get("/").session(session)).andExpect(status().isOk());
    }

    @Test
    void refusesAForgedCookieAnExpiredOneAndAnotherAccountsAndClearsIt() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "ruth@example.test");
        TestCodes.enrolled(enrollments, clock, "remy@example.test");
        Cookie cookie = remembered("ruth@example.test", totp);

        String value = cookie.getValue();
        char last = value.charAt(value.length() - 2);
        Cookie forged = new Cookie(COOKIE, value.substring(0, value.length() - 2) + (last == 'A' ? 'B' : 'A')
                + value.charAt(value.length() - 1));
        MvcResult refused = homeAsksForACode(signInAgain("ruth@example.test", forged), forged);
        assertThat(refused.getResponse().getCookie(COOKIE).getMaxAge()).as("cleared").isZero();
        assertThat(recorder.events).anyMatch(e -> e.type() == RememberedBrowserEvent.Type.REFUSED
                && e.detail().equals("not signed with this application's key"));

        homeAsksForACode(signInAgain("remy@example.test", cookie), cookie); // ruth's cookie, remy's password
        assertThat(recorder.events).anyMatch(e -> e.type() == RememberedBrowserEvent.Type.REFUSED
                && e.detail().contains("another account"));

        homeIsOpen(signInAgain("ruth@example.test", cookie), cookie, "ruth@example.test"); // the control
        clock.advance(Duration.ofDays(30).plusSeconds(1));
        homeAsksForACode(signInAgain("ruth@example.test", cookie), cookie);
    }

    // ------------------------------------------------------------------------------------------ revoked

    @Test
    void anAdministratorsResetForgetsEveryRememberedBrowser() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "rose@example.test");
        Cookie cookie = remembered("rose@example.test", totp);
        homeIsOpen(signInAgain("rose@example.test", cookie), cookie, "rose@example.test");
        enrollments.reset("rose@example.test", "support");
        assertThat(browsers.list("rose@example.test")).isEmpty();
        TestCodes.enrolled(enrollments, clock, "rose@example.test");
        homeAsksForACode(signInAgain("rose@example.test", cookie), cookie);
    }

    @Test
    void turningMfaOffForgetsEveryRememberedBrowser() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "rose@example.test");
        Cookie cookie = remembered("rose@example.test", totp);
        assertThat(enrollments.disable("rose@example.test", totp.codeAt(clock.instant())))
                .isInstanceOf(DisableResult.Disabled.class);
        assertThat(recorder.events).anyMatch(e -> e.type() == RememberedBrowserEvent.Type.FORGOTTEN
                && e.detail().equals("disabled: 1 forgotten"));
        homeAsksForACodeOrSetUp(cookie);
        assertThat(browsers.list("rose@example.test")).isEmpty();
    }

    @Test
    void anExpiredRememberedBrowserIsNoLongerListed() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "remy@example.test");
        remembered("remy@example.test", totp);
        assertThat(browsers.list("remy@example.test")).hasSize(1);
        clock.advance(Duration.ofDays(30));
        MockHttpSession session = password("remy@example.test");
        mvc.perform(post("/login/totp").param("code", totp.codeAt(clock.instant())).with(csrf()).session(session))
                .andExpect(status().is3xxRedirection());
        assertThat(mvc.perform(get("/mfa/browsers").session(session)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString()).contains("id=\"no-browsers\"");
    }

    @Test
    void newRecoveryCodesForgetEveryRememberedBrowser() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "rose@example.test");
        Cookie cookie = remembered("rose@example.test", totp);
        enrollments.regenerateRecoveryCodes("rose@example.test", totp.codeAt(clock.instant()));
        assertThat(browsers.list("rose@example.test")).isEmpty();
        homeAsksForACode(signInAgain("rose@example.test", cookie), cookie);
    }

    @Test
    void aNewEnrollmentRefusesACookieOfTheLastOneEvenIfItsRecordWasNotForgotten() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "rose@example.test");
        Cookie cookie = remembered("rose@example.test", totp);
        RememberedBrowser record = browsers.list("rose@example.test").get(0);
        TestCodes.enrolled(enrollments, clock, "rose@example.test"); // reset and enrolled again
        // As if the change had been made by another program, without the events: the record is back.
        browsers.add(record);
        homeAsksForACode(signInAgain("rose@example.test", cookie), cookie);
        assertThat(recorder.events).anyMatch(e -> e.detail().contains("earlier enrollment"));
    }

    @Test
    void signingOutOtherBrowsersForgetsThemButKeepsThisOneAndListsWhatIsLeft() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "remy@example.test");
        Cookie laptop = remembered("remy@example.test", totp);
        Cookie phone = remembered("remy@example.test", totp);
        MockHttpSession onLaptop = signInAgain("remy@example.test", laptop);
        homeIsOpen(onLaptop, laptop, "remy@example.test");
        MockHttpSession onPhone = signInAgain("remy@example.test", phone);
        homeIsOpen(onPhone, phone, "remy@example.test");

        String on = mvc.perform(get("/mfa/setup").session(onLaptop)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(on).as("the \"MFA is on\" page links to the list").contains("href=\"/mfa/browsers\"");
        String list = mvc.perform(get("/mfa/browsers").session(onLaptop).cookie(laptop)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(list).contains("id=\"browsers\"", "(this browser)", "id=\"sign-out-others\"");
        assertThat(list.split("<li>", -1)).hasSize(3);

        String done = mvc.perform(post("/mfa/browsers").with(csrf()).session(onLaptop).cookie(laptop))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(done).contains("id=\"notice\"", "1 other remembered browsers forgotten");
        assertThat(browsers.list("remy@example.test")).hasSize(1);
        assertThat(recorder.events).anyMatch(e -> e.type() == RememberedBrowserEvent.Type.FORGOTTEN
                && e.detail().equals("signed out other browsers: 1 forgotten"));

        homeAsksForACode(signInAgain("remy@example.test", phone), phone);
        homeIsOpen(signInAgain("remy@example.test", laptop), laptop, "remy@example.test");
    }

    @Test
    void signingOutOtherBrowsersNeedsTheCsrfToken() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "remy@example.test");
        Cookie laptop = remembered("remy@example.test", totp);
        MockHttpSession session = signInAgain("remy@example.test", laptop);
        homeIsOpen(session, laptop, "remy@example.test");
        mvc.perform(post("/mfa/browsers").session(session).cookie(laptop)).andExpect(status().isForbidden());
        assertThat(browsers.list("remy@example.test")).hasSize(1);
    }

    // ------------------------------------------------------------------------------------------ fresh code

    @Test
    void aPathMarkedForAFreshCodeAsksForOneEvenOnARememberedBrowser() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "ruth@example.test");
        Cookie cookie = remembered("ruth@example.test", totp);
        MockHttpSession session = signInAgain("ruth@example.test", cookie);
        homeIsOpen(session, cookie, "ruth@example.test");

        mvc.perform(get("/admin/settings").session(session).cookie(cookie)).andExpect(redirectedUrl("/login/totp"));
        mvc.perform(get("/login/totp").session(session).cookie(cookie)).andExpect(status().isOk());
        mvc.perform(post("/login/totp").param("code", totp.codeAt(clock.instant())).with(csrf()).session(session)
                .cookie(cookie)).andExpect(redirectedUrlPattern("http://localhost/admin/settings*"));
        mvc.perform(get("/admin/settings").session(session).cookie(cookie)).andExpect(status().isOk());
    }
}
