package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.spring.spa.SpaApplication;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON API through MockMvc and the whole filter chain of the single-page sample ({@link SpaApplication}: form
 * login answering status codes, HTTP Basic, {@code csrf.spa()}): the 401 problems for a missing factor, each
 * endpoint, and bad input that must be refused and change nothing. Each test uses accounts of its own or resets
 * them (the store outlives a test).
 */
@SpringBootTest(classes = SpaApplication.class)
@Import(TestClock.class)
class JsonApiMockMvcTest {

    private static final JsonMapper JSON = new JsonMapper();

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
        clock.advance(Duration.ofMinutes(10)); // a fresh time step, far from the last test's lockouts
    }

    // ------------------------------------------------------------------------------------------ helpers

    private MockHttpSession password(String user) throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").param("username", user).param("password", user.substring(0, user.indexOf('@'))
                + "-password").with(csrf()).session(session)).andExpect(status().isNoContent());
        return session;
    }

    private static MockHttpServletRequestBuilder json(String path, String body, MockHttpSession session) {
        return post(path).contentType(MediaType.APPLICATION_JSON).content(body).with(csrf()).session(session);
    }

    private static String code(String code) {
        return "{\"code\": \"" + code + "\"}";
    }

    private static JsonNode body(MvcResult result) throws Exception {
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    private static String wrong(String code) {
        return (code.charAt(0) == '9' ? "0" : String.valueOf((char) (code.charAt(0) + 1))) + code.substring(1);
    }

    // ------------------------------------------------------------------------------------------ the 401 problem

    @Test
    void answersAMissingCodeWithAProblemNamingTheStepAndWhereToSendIt() throws Exception {
        TestCodes.enrolled(enrollments, clock, "frank@example.test");
        MockHttpSession session = password("frank@example.test");
        mvc.perform(get("/api/hello").accept(MediaType.APPLICATION_JSON).session(session))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("WWW-Authenticate", "TOTP step=\"code\", href=\"/mfa/api/code\""))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.reason").value("CODE_REQUIRED"))
                .andExpect(jsonPath("$.step").value("code"))
                .andExpect(jsonPath("$.href").value("/mfa/api/code"))
                .andExpect(jsonPath("$.page").value("/login/totp"))
                .andExpect(jsonPath("$.type").value(ApiJson.PROBLEM_TYPE + "code-required"));
    }

    @Test
    void answersTheSameProblemOverHttpBasic() throws Exception {
        TestCodes.enrolled(enrollments, clock, "frank@example.test");
        // No Accept header, as many scripts send: the Authorization header says it is not a page navigation.
        mvc.perform(get("/api/hello").with(httpBasic("frank@example.test", "frank-password")))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("WWW-Authenticate", "TOTP step=\"code\", href=\"/mfa/api/code\""))
                .andExpect(jsonPath("$.step").value("code"));
        // Control: the password alone is right (Basic answers a wrong one with its own challenge).
        mvc.perform(get("/api/hello").with(httpBasic("frank@example.test", "wrong")))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", startsWith("Basic")));
    }

    @Test
    void asksAnEnforcedUserWithoutAnEnrollmentForTheSetUpInTheirLanguage() throws Exception {
        enrollments.reset("carol@acme.test", "support");
        MockHttpSession session = password("carol@acme.test");
        mvc.perform(get("/api/hello").accept(MediaType.APPLICATION_JSON).header("Accept-Language", "de")
                        .session(session))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "TOTP step=\"set-up\", href=\"/mfa/api/setup\""))
                .andExpect(jsonPath("$.reason").value("SETUP_REQUIRED"))
                .andExpect(jsonPath("$.detail").value(containsString("Zwei-Faktor")));
        // Nothing was begun behind the user's back.
        assertThat(enrollments.status("carol@acme.test")).isEqualTo(EnrollmentStatus.NOT_ENROLLED);
    }

    // ------------------------------------------------------------------------------------------ endpoints

    @Test
    void setsUpWithoutEverSendingTheHandleAndShowsTheRecoveryCodesOnce() throws Exception {
        enrollments.reset("carol@acme.test", "support");
        MockHttpSession session = password("carol@acme.test");
        mvc.perform(get("/mfa/api/status").session(session)).andExpect(status().isOk())
                .andExpect(jsonPath("$.enrollment").value("NOT_ENROLLED"))
                .andExpect(jsonPath("$.step").value("SET_UP"))
                .andExpect(jsonPath("$.factor").value(false));

        MvcResult begun = mvc.perform(post("/mfa/api/setup").with(csrf()).session(session))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(jsonPath("$.qrCode").value(startsWith("data:image/png;base64,")))
                .andExpect(jsonPath("$.otpauthUri").value(startsWith("otpauth://totp/")))
                .andExpect(jsonPath("$.confirm").value("/mfa/api/setup/confirm"))
                .andReturn();
        String handle = (String) session.getAttribute(TotpPageFilter.SETUP_HANDLE);
        assertThat(handle).isNotBlank();
        assertThat(begun.getResponse().getContentAsString()).doesNotContain(handle);
        Secret secret = Secret.fromBase32(body(begun).get("key").asString());
        // Asked again, the same set-up (no new secret behind the user's back).
        mvc.perform(post("/mfa/api/setup").with(csrf()).session(session))
                .andExpect(jsonPath("$.key").value(body(begun).get("key").asString()));

        Totp totp = Totp.of(secret, TotpParameters.defaults());
        MvcResult confirmed = mvc.perform(json("/mfa/api/setup/confirm", code(totp.codeAt(clock.instant())),
                session)).andExpect(status().isOk())
                .andExpect(jsonPath("$.factor").value(KairosFactors.TOTP_AUTHORITY))
                .andReturn();
        assertThat(body(confirmed).get("recoveryCodes")).hasSize(10);
        mvc.perform(get("/api/hello").session(session)).andExpect(status().isOk())
                .andExpect(jsonPath("$.hello").value("carol@acme.test"));
        mvc.perform(get("/mfa/api/status").session(session))
                .andExpect(jsonPath("$.enrollment").value("ACTIVE"))
                .andExpect(jsonPath("$.factor").value(true))
                .andExpect(jsonPath("$.remainingRecoveryCodes").value(10))
                .andExpect(jsonPath("$.recoveryCodes").doesNotExist());
    }

    @Test
    void signsInWithACodeOnceAndRefusesItReplayedInAnotherSession() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "frank@example.test");
        MockHttpSession first = password("frank@example.test");
        String now = totp.codeAt(clock.instant());
        mvc.perform(json("/mfa/api/code", code(now), first)).andExpect(status().isOk())
                .andExpect(jsonPath("$.factor").value(KairosFactors.TOTP_AUTHORITY));
        mvc.perform(get("/api/hello").session(first)).andExpect(status().isOk());

        MockHttpSession second = password("frank@example.test");
        mvc.perform(json("/mfa/api/code", code(now), second)).andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.reason").value("REPLAYED"));
        mvc.perform(get("/api/hello").accept(MediaType.APPLICATION_JSON).session(second))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void answersAWrongCodeWith401AndAMalformedOneWith400() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "frank@example.test");
        MockHttpSession session = password("frank@example.test");
        mvc.perform(json("/mfa/api/code", code(wrong(totp.codeAt(clock.instant()))), session))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.reason").value("WRONG_CODE"));
        mvc.perform(json("/mfa/api/code", code("12ab56"), session))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.reason").value("MALFORMED"));
        mvc.perform(json("/mfa/api/code", code("1".repeat(65)), session))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.reason").value("OVERLONG"));
    }

    @Test
    void signsInWithARecoveryCodeAndRegeneratesAndDisables() throws Exception {
        enrollments.reset("grace@example.test", "support");
        PendingEnrollment p = enrollments.begin("grace@example.test", "grace@example.test").pending().orElseThrow();
        Totp totp = Totp.of(p.secret(), p.parameters());
        List<String> codes = enrollments.confirm("grace@example.test", p.handle(), totp.codeAt(clock.instant()))
                .recoveryCodes();
        MockHttpSession session = password("grace@example.test");
        mvc.perform(json("/mfa/api/recovery", "{\"recoveryCode\": \"" + codes.get(0) + "\"}", session))
                .andExpect(status().isOk());
        mvc.perform(get("/api/hello").session(session)).andExpect(status().isOk());

        MvcResult regenerated = mvc.perform(json("/mfa/api/recovery-codes", code(codes.get(1)), session))
                .andExpect(status().isOk()).andExpect(header().string("Cache-Control", "no-store")).andReturn();
        List<String> fresh = JSON.convertValue(body(regenerated).get("recoveryCodes"),
                JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(codes);
        mvc.perform(json("/mfa/api/disable", code(codes.get(2)), session))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.reason").value("WRONG_CODE"));
        mvc.perform(json("/mfa/api/disable", code(fresh.get(0)), session)).andExpect(status().isOk())
                .andExpect(jsonPath("$.disabled").value(true));
        assertThat(enrollments.status("grace@example.test")).isEqualTo(EnrollmentStatus.NOT_ENROLLED);
    }

    @Test
    void theStatusCountsTheRecoveryCodesAndSaysUntilWhenCodesAreLocked() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "grace@example.test");
        MockHttpSession session = password("grace@example.test");
        mvc.perform(get("/mfa/api/status").session(session)).andExpect(status().isOk())
                .andExpect(jsonPath("$.enrollment").value("ACTIVE"))
                .andExpect(jsonPath("$.step").value("CODE"))
                .andExpect(jsonPath("$.remainingRecoveryCodes").value(10))
                .andExpect(jsonPath("$.lockedOutUntil").doesNotExist());
        for (int i = 0; i < 5; i++) {
            mvc.perform(json("/mfa/api/code", code(wrong(totp.codeAt(clock.instant()))), session));
        }
        String until = enrollments.lockout("grace@example.test").orElseThrow().toString();
        mvc.perform(get("/mfa/api/status").session(session)).andExpect(status().isOk())
                .andExpect(jsonPath("$.lockedOutUntil").value(containsString("T")))
                .andExpect(jsonPath("$.factor").value(false));
        assertThat(until).contains(body(mvc.perform(get("/mfa/api/status").session(session)).andReturn())
                .get("lockedOutUntil").asString());

        enrollments.reset("grace@example.test", "support");
        mvc.perform(get("/mfa/api/status").session(password("grace@example.test"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.enrollment").value("NOT_ENROLLED"))
                .andExpect(jsonPath("$.remainingRecoveryCodes").doesNotExist());
    }

    @Test
    void aSetUpWithMfaOnIsAlreadyActiveAndWrongOrOverlongCodesChangeNothing() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "grace@example.test");
        MockHttpSession session = password("grace@example.test");
        mvc.perform(json("/mfa/api/code", code(totp.codeAt(clock.instant())), session)).andExpect(status().isOk());
        clock.advance(Duration.ofSeconds(30));
        mvc.perform(post("/mfa/api/setup").with(csrf()).session(session)).andExpect(status().isConflict())
                .andExpect(jsonPath("$.reason").value("ALREADY_ACTIVE"));

        String now = totp.codeAt(clock.instant());
        mvc.perform(json("/mfa/api/recovery-codes", code(wrong(now)), session)).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.reason").value("WRONG_CODE"));
        mvc.perform(json("/mfa/api/recovery-codes", code("1".repeat(65)), session))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.reason").value("OVERLONG"));
        mvc.perform(json("/mfa/api/disable", code("1".repeat(65)), session))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.reason").value("OVERLONG"));
        mvc.perform(json("/mfa/api/disable", code("1".repeat(64)), session))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.reason").value("MALFORMED"));
        assertThat(enrollments.remainingRecoveryCodes("grace@example.test")).hasValue(10);
        assertThat(enrollments.status("grace@example.test")).isEqualTo(EnrollmentStatus.ACTIVE);
    }

    // ------------------------------------------------------------------------------------------ bad input

    @Test
    void refusesBadRequestsWithoutCountingThemOrChangingAnything() throws Exception {
        Totp totp = TestCodes.enrolled(enrollments, clock, "frank@example.test");
        MockHttpSession session = password("frank@example.test");
        String now = totp.codeAt(clock.instant());
        // Each bad request seven times: more than the throttling threshold (5), had any been counted.
        for (int i = 0; i < 7; i++) {
            mvc.perform(post("/mfa/api/code").contentType(MediaType.APPLICATION_FORM_URLENCODED).param("code", now)
                            .with(csrf()).session(session))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.reason").value("UNSUPPORTED_MEDIA_TYPE"));
            mvc.perform(json("/mfa/api/code", "{}", session)).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.detail").value(containsString("\"code\"")));
            mvc.perform(json("/mfa/api/code", "{\"code\": 123456}", session)).andExpect(status().isBadRequest());
            mvc.perform(json("/mfa/api/code", "[\"" + now + "\"]", session)).andExpect(status().isBadRequest());
            mvc.perform(json("/mfa/api/code", "{\"code\": \"" + now, session)).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.detail").value(not(
                            containsString(now))));
            mvc.perform(json("/mfa/api/code", "{\"code\": \"" + now + "\", \"pad\": \"" + "x".repeat(10_240)
                    + "\"}", session)).andExpect(status().isPayloadTooLarge());
            mvc.perform(json("/mfa/api/disable", "{\"pad\": \"" + "x".repeat(10_240) + "\"}", session))
                    .andExpect(status().isPayloadTooLarge());
            // A forged CSRF token: Spring Security's own 403, before Kairos sees the request.
            mvc.perform(post("/mfa/api/code").contentType(MediaType.APPLICATION_JSON).content(code(now))
                    .with(csrf().useInvalidToken()).session(session)).andExpect(status().isForbidden());
            mvc.perform(post("/mfa/api/disable").contentType(MediaType.APPLICATION_JSON).content(code(now))
                    .session(session)).andExpect(status().isForbidden());
        }
        // Nothing was counted or used: the right code still signs in, and MFA is still on.
        assertThat(enrollments.lockout("frank@example.test")).isEmpty();
        mvc.perform(json("/mfa/api/code", code(now), session)).andExpect(status().isOk());
        assertThat(enrollments.status("frank@example.test")).isEqualTo(EnrollmentStatus.ACTIVE);
    }

    @Test
    void neverConfirmsAnotherUsersPendingSetUp() throws Exception {
        enrollments.reset("dave@acme.test", "support");
        enrollments.reset("erin@acme.test", "support");
        MockHttpSession dave = password("dave@acme.test");
        Secret daves = Secret.fromBase32(body(mvc.perform(post("/mfa/api/setup").with(csrf()).session(dave))
                .andExpect(status().isOk()).andReturn()).get("key").asString());
        String daveCode = Totp.of(daves, TotpParameters.defaults()).codeAt(clock.instant());

        // Erin, who began nothing, confirms with Dave's code: nothing of hers pending, nothing counted.
        MockHttpSession erin = password("erin@acme.test");
        mvc.perform(json("/mfa/api/setup/confirm", code(daveCode), erin)).andExpect(status().isConflict())
                .andExpect(jsonPath("$.reason").value("NOT_STARTED"));
        // With a set-up of her own and Dave's handle in her session (a stolen session attribute): still refused.
        mvc.perform(post("/mfa/api/setup").with(csrf()).session(erin)).andExpect(status().isOk());
        erin.setAttribute(TotpPageFilter.SETUP_HANDLE, dave.getAttribute(TotpPageFilter.SETUP_HANDLE));
        mvc.perform(json("/mfa/api/setup/confirm", code(daveCode), erin)).andExpect(status().isConflict())
                .andExpect(jsonPath("$.reason").value("STALE_SETUP"));
        assertThat(enrollments.status("erin@acme.test")).isEqualTo(EnrollmentStatus.PENDING);

        // Dave's set-up is untouched: his code confirms it.
        mvc.perform(json("/mfa/api/setup/confirm", code(daveCode), dave)).andExpect(status().isOk());
        assertThat(enrollments.status("dave@acme.test")).isEqualTo(EnrollmentStatus.ACTIVE);
    }

    @Test
    void refusesASecondSetUpWhileOneIsInProgressElsewhere() throws Exception {
        enrollments.reset("dave@acme.test", "support");
        mvc.perform(post("/mfa/api/setup").with(csrf()).session(password("dave@acme.test")))
                .andExpect(status().isOk());
        mvc.perform(post("/mfa/api/setup").with(csrf()).session(password("dave@acme.test")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.reason").value("SETUP_IN_PROGRESS"))
                .andExpect(jsonPath("$.until").exists())
                .andExpect(jsonPath("$.key").doesNotExist());
    }

    @Test
    void sendsAVisitorWhoHasNotSignedInToSignInFirst() throws Exception {
        mvc.perform(get("/mfa/api/status")).andExpect(status().isUnauthorized());
        mvc.perform(json("/mfa/api/code", code("123456"), new MockHttpSession())).andExpect(status().isUnauthorized());
    }
}
