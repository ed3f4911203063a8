package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.mfa.EnrollmentEvent;
import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.EnrollmentTicket;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.spring.sample.SampleApplication;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Binding an authenticator app needs more than the password (issue 20), through MockMvc and the sample's whole
 * filter chain: the set-up page never creates a second secret and a second session cannot replace the first's
 * set-up; enrollment tickets for the accounts the host marks (here bob's); a recent sign-in to set up, turn off and
 * renew recovery codes; new recovery codes. The clock starts at the real time (Spring Security stamps the password
 * factor with it) and the tests move it.
 */
@SpringBootTest(classes = SampleApplication.class)
@Import(BindingMockMvcTest.Binding.class)
class BindingMockMvcTest {

    private static final Pattern MANUAL_KEY = Pattern.compile("id=\"manual-key\">([A-Z2-7 ]+)<");
    private static final Pattern RECOVERY_CODE = Pattern.compile("<li><code>([A-Z0-9-]{14,})</code></li>");
    private static final String ALICE = "alice@acme.test";
    private static final String BOB = "bob@example.test";
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(2);

    @Autowired
    WebApplicationContext context;
    @Autowired
    Enrollments enrollments;
    @Autowired
    MutableClock clock;
    @Autowired
    Binding binding;

    MockMvc mvc;

    /** The real time (5 s into its time step), bob marked for tickets, and the Kairos events recorded. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Binding {
        final List<KairosEnrollmentEvent> events = new CopyOnWriteArrayList<>();

        @Bean
        MutableClock clock() {
            return new MutableClock(realTime());
        }

        @Bean
        EnrollmentTicketPolicy ticketPolicy() {
            return BOB::equals;
        }

        @EventListener
        void on(KairosEnrollmentEvent event) {
            events.add(event);
        }
    }

    /** The real time, 5 s into its time step (so a code computed now stays valid while a request is made). */
    static Instant realTime() {
        long now = Instant.now().getEpochSecond();
        return Instant.ofEpochSecond(now - now % 30 + 5);
    }

    @AfterAll
    static void stopThreads() {
        THREADS.shutdownNow();
    }

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        // Back to the real time, which stamps the password factor (a test moves the clock up to 32 minutes on);
        // the accounts start afresh, so no time step is used twice.
        enrollments.reset(ALICE, "support");
        enrollments.reset(BOB, "support");
        clock.advance(Duration.between(clock.instant(), realTime()));
        binding.events.clear();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private MockHttpSession password(String user) throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").param("username", user).param("password", user.substring(0, user.indexOf('@'))
                + "-password").with(csrf()).session(session)).andExpect(status().is3xxRedirection());
        return session;
    }

    private static String body(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString();
    }

    private static String key(String page) {
        Matcher key = MANUAL_KEY.matcher(page);
        assertThat(key.find()).as("a set-up page with a key").isTrue();
        return key.group(1);
    }

    private String setUpPage(MockHttpSession session) throws Exception {
        return body(mvc.perform(get("/mfa/setup").session(session)).andExpect(status().isOk()).andReturn());
    }

    private String now(String key) {
        return Totp.of(Secret.fromBase32(key), TotpParameters.defaults()).codeAt(clock.instant());
    }

    private static String wrong(String code) {
        return (code.charAt(0) == '9' ? "0" : String.valueOf((char) (code.charAt(0) + 1))) + code.substring(1);
    }

    private MvcResult confirm(MockHttpSession session, String code) throws Exception {
        return mvc.perform(post("/mfa/setup").param("code", code).with(csrf()).session(session)).andReturn();
    }

    /** Enrolls an account through its own pages; returns the key (and leaves the session fully signed in). */
    private String enrolled(MockHttpSession session) throws Exception {
        String key = key(setUpPage(session));
        assertThat(confirm(session, now(key)).getResponse().getStatus()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(30)); // the confirmation's step is used
        return key;
    }

    private List<EnrollmentEvent.Type> types() {
        return binding.events.stream().map(e -> e.event().type()).toList();
    }

    // ------------------------------------------------------------------------------------------ set-up page

    @Test
    void reloadingTheSetUpPageShowsTheSameQrCodeAndBeginsNoSecondSetUp() throws Exception {
        MockHttpSession session = password(ALICE);
        String first = setUpPage(session);
        String again = setUpPage(session);
        assertThat(key(again)).isEqualTo(key(first));
        assertThat(again).contains(first.substring(first.indexOf("data:image/png"), first.indexOf("data:image/png")
                + 200));
        assertThat(types()).containsOnlyOnce(EnrollmentEvent.Type.BEGUN);
    }

    @Test
    void aSecondSessionCannotReplaceASetUpInProgressAndTheFirstsRightCodeStillWorks() throws Exception {
        MockHttpSession carol = password(ALICE);
        String key = key(setUpPage(carol));

        // The attacker knows the password and opens the set-up page in a session of their own.
        MockHttpSession attacker = password(ALICE);
        String refused = body(mvc.perform(get("/mfa/setup").session(attacker)).andExpect(status().isConflict())
                .andReturn());
        assertThat(refused).contains("started elsewhere").doesNotContain("id=\"manual-key\"");
        // Their "start over" does not replace it either, and a code from their session is not even checked.
        mvc.perform(post("/mfa/setup/begin").with(csrf()).session(attacker)).andExpect(status().isConflict());
        assertThat(body(confirm(attacker, now(key)))).contains("replaced or has expired");
        for (int guess = 0; guess < 6; guess++) { // past the lockout threshold (5), had they been counted
            assertThat(confirm(attacker, String.format("%06d", guess)).getResponse().getStatus()).isEqualTo(409);
        }
        assertThat(enrollments.lockout(ALICE)).isEmpty();

        // Carol's right code still works, with the secret she scanned.
        assertThat(body(confirm(carol, now(key)))).contains("id=\"recovery-codes\"");
        assertThat(enrollments.status(ALICE)).isEqualTo(EnrollmentStatus.ACTIVE);
    }

    @Test
    void aForgedOrAnotherAccountsHandleIsStaleAndNotCounted() throws Exception {
        PendingEnrollment bobs = enrollments.begin(BOB, BOB, enrollments.issueTicket(BOB, "support",
                Duration.ofHours(1)).ticket()).pending().orElseThrow();
        MockHttpSession session = password(ALICE);
        String key = key(setUpPage(session));
        String own = (String) session.getAttribute(TotpPageFilter.SETUP_HANDLE);

        for (String handle : List.of("forged", bobs.handle(), own + "x", "")) {
            session.setAttribute(TotpPageFilter.SETUP_HANDLE, handle);
            MvcResult result = confirm(session, now(key));
            assertThat(result.getResponse().getStatus()).as(handle).isEqualTo(409);
            assertThat(body(result)).contains("replaced or has expired");
        }
        for (int guess = 0; guess < 6; guess++) { // past the lockout threshold (5), had they been counted
            session.setAttribute(TotpPageFilter.SETUP_HANDLE, "forged" + guess);
            assertThat(confirm(session, String.format("%06d", guess)).getResponse().getStatus()).isEqualTo(409);
        }
        assertThat(enrollments.lockout(ALICE)).isEmpty();
        assertThat(enrollments.status(BOB)).isEqualTo(EnrollmentStatus.PENDING);
        session.setAttribute(TotpPageFilter.SETUP_HANDLE, own);
        assertThat(confirm(session, now(key)).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void startOverIsAPostWithCsrfThatGivesThisSessionANewSecret() throws Exception {
        MockHttpSession session = password(ALICE);
        String first = key(setUpPage(session));
        String handle = (String) session.getAttribute(TotpPageFilter.SETUP_HANDLE);

        mvc.perform(post("/mfa/setup/begin").session(session)).andExpect(status().isForbidden()); // no CSRF token
        mvc.perform(get("/mfa/setup/begin").session(session)).andExpect(status().isNotFound());
        assertThat(key(setUpPage(session))).isEqualTo(first);

        mvc.perform(post("/mfa/setup/begin").with(csrf()).session(session)).andExpect(redirectedUrl("/mfa/setup"));
        String second = key(setUpPage(session));
        assertThat(second).isNotEqualTo(first);
        assertThat(enrollments.pending(ALICE, handle)).isEmpty();
        assertThat(body(confirm(session, now(second)))).contains("id=\"recovery-codes\"");
    }

    @Test
    void theSetUpFailedPageStartsOverWithAFormNotALink() throws Exception {
        MockHttpSession session = password(ALICE);
        String key = key(setUpPage(session));
        String page = body(confirm(session, wrong(now(key))));
        assertThat(page).contains("action=\"/mfa/setup/begin\"", "id=\"start-over\" type=\"submit\"")
                .doesNotContain("<a id=\"start-over\"");
    }

    @Test
    void aConfirmationRacingANewSetUpInAnotherSessionWinsAndIsNeverReplaced() throws Exception {
        for (int round = 0; round < 10; round++) {
            enrollments.reset(ALICE, "support");
            clock.advance(Duration.ofSeconds(30));
            MockHttpSession carol = password(ALICE);
            MockHttpSession attacker = password(ALICE);
            String key = key(setUpPage(carol));
            String code = now(key);
            CyclicBarrier start = new CyclicBarrier(2);
            Future<MvcResult> confirmed = THREADS.submit(() -> {
                start.await();
                return confirm(carol, code);
            });
            Future<MvcResult> begun = THREADS.submit(() -> {
                start.await();
                return mvc.perform(get("/mfa/setup").session(attacker)).andReturn();
            });
            assertThat(confirmed.get().getResponse().getStatus()).as("round %d", round).isEqualTo(200);
            String other = body(begun.get());
            // The attacker sees the set-up in progress, or MFA already on; never a secret of their own.
            assertThat(other).as("round %d", round).doesNotContain("id=\"manual-key\"");
            assertThat(enrollments.status(ALICE)).isEqualTo(EnrollmentStatus.ACTIVE);
        }
    }

    // ------------------------------------------------------------------------------------------ tickets

    @Test
    void aMarkedAccountIsAskedForItsTicketAndAMissingOrWrongOneBindsNothing() throws Exception {
        MockHttpSession session = password(BOB);
        String page = setUpPage(session);
        assertThat(page).contains("name=\"ticket\"", "action=\"/mfa/setup/begin\"").doesNotContain("id=\"manual-key\"");
        enrollments.issueTicket(BOB, "support", Duration.ofHours(1));

        assertThat(body(mvc.perform(post("/mfa/setup/begin").with(csrf()).session(session))
                .andExpect(status().isForbidden()).andReturn())).contains("needs the enrollment ticket");
        assertThat(body(mvc.perform(post("/mfa/setup/begin").param("ticket", "   ").with(csrf()).session(session))
                .andExpect(status().isForbidden()).andReturn())).as("a blank ticket is none")
                .contains("needs the enrollment ticket");
        for (String ticket : List.of("AAAA-BBBB-CCCC-DDDD", "not a ticket", "x".repeat(65))) {
            assertThat(body(mvc.perform(post("/mfa/setup/begin").param("ticket", ticket).with(csrf())
                    .session(session)).andExpect(status().isForbidden()).andReturn())).contains("not valid");
        }
        assertThat(enrollments.status(BOB)).isNotEqualTo(EnrollmentStatus.PENDING);
        assertThat(session.getAttribute(TotpPageFilter.SETUP_HANDLE)).isNull();
    }

    @Test
    void anExpiredTicketIsRefused() throws Exception {
        EnrollmentTicket ticket = enrollments.issueTicket(BOB, "support", Duration.ofMinutes(1));
        MockHttpSession session = password(BOB);
        clock.advance(Duration.ofSeconds(61));
        mvc.perform(post("/mfa/setup/begin").param("ticket", ticket.ticket()).with(csrf()).session(session))
                .andExpect(status().isForbidden());
        assertThat(session.getAttribute(TotpPageFilter.SETUP_HANDLE)).isNull();
    }

    @Test
    void aTicketBindsOnceAndTheEventsNameWhoIssuedAndWhoUsedIt() throws Exception {
        EnrollmentTicket ticket = enrollments.issueTicket(BOB, "support", Duration.ofHours(1));
        MockHttpSession session = password(BOB);
        mvc.perform(post("/mfa/setup/begin").param("ticket", ticket.ticket().toLowerCase(Locale.ROOT))
                .with(csrf()).session(session)).andExpect(redirectedUrl("/mfa/setup"));
        String key = key(setUpPage(session));
        assertThat(body(confirm(session, now(key)))).contains("id=\"recovery-codes\"");

        assertThat(binding.events).anyMatch(e -> e.event().type() == EnrollmentEvent.Type.TICKET_ISSUED
                && e.event().actor().equals("admin:support"));
        assertThat(binding.events).anyMatch(e -> e.event().type() == EnrollmentEvent.Type.BEGUN
                && e.event().actor().equals("user:" + BOB) && e.event().detail().contains("support")
                && e.principal().equals(Optional.of(BOB)));

        // Used: a second session with the same ticket binds nothing (bob's MFA is on anyway).
        enrollments.reset(BOB, "support");
        MockHttpSession again = password(BOB);
        mvc.perform(post("/mfa/setup/begin").param("ticket", ticket.ticket()).with(csrf()).session(again))
                .andExpect(status().isForbidden());
    }

    @Test
    void aTicketUsedTwiceAtOnceBindsExactlyOnce() throws Exception {
        for (int round = 0; round < 10; round++) {
            enrollments.reset(BOB, "support");
            String ticket = enrollments.issueTicket(BOB, "support", Duration.ofHours(1)).ticket();
            List<MockHttpSession> sessions = List.of(password(BOB), password(BOB));
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<Integer>> answers = new ArrayList<>();
            for (MockHttpSession session : sessions) {
                Callable<Integer> use = () -> {
                    start.await();
                    return mvc.perform(post("/mfa/setup/begin").param("ticket", ticket).with(csrf())
                            .session(session)).andReturn().getResponse().getStatus();
                };
                answers.add(THREADS.submit(use));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(302, 403);
            assertThat(sessions.stream().filter(s -> s.getAttribute(TotpPageFilter.SETUP_HANDLE) != null))
                    .hasSize(1);
        }
    }

    // ------------------------------------------------------------------------------------------ recent sign-in

    @Test
    void anOldSignInIsAskedForThePasswordAgainBeforeSettingUp() throws Exception {
        MockHttpSession session = password(ALICE);
        clock.advance(Duration.ofMinutes(16));
        mvc.perform(get("/mfa/setup").session(session)).andExpect(redirectedUrl("/mfa/password"));
        assertThat(enrollments.status(ALICE)).isEqualTo(EnrollmentStatus.NOT_ENROLLED);
        assertThat(body(mvc.perform(get("/mfa/password").session(session)).andExpect(status().isOk())
                .andReturn())).contains("name=\"password\"", "type=\"password\"");

        mvc.perform(post("/mfa/password").param("password", "alice-password").session(session))
                .andExpect(status().isForbidden()); // no CSRF token
        assertThat(body(mvc.perform(post("/mfa/password").param("password", "bob-password").with(csrf())
                .session(session)).andExpect(status().isUnauthorized()).andReturn())).contains("not right");
        mvc.perform(get("/mfa/setup").session(session)).andExpect(redirectedUrl("/mfa/password"));

        mvc.perform(post("/mfa/password").param("password", "alice-password").with(csrf()).session(session))
                .andExpect(redirectedUrl("/mfa/setup"));
        String key = key(setUpPage(session));
        clock.advance(Duration.ofMinutes(14));
        assertThat(key(setUpPage(session))).isEqualTo(key);
        clock.advance(Duration.ofMinutes(2));
        mvc.perform(get("/mfa/setup").session(session)).andExpect(redirectedUrl("/mfa/password"));
        mvc.perform(post("/mfa/setup/begin").with(csrf()).session(session)).andExpect(redirectedUrl("/mfa/password"));
        assertThat(enrollments.pending(ALICE, (String) session.getAttribute(TotpPageFilter.SETUP_HANDLE)))
                .isPresent(); // not started over
    }

    @Test
    void turningOffAndRenewingCodesNeedARecentSignInToo() throws Exception {
        MockHttpSession session = password(ALICE);
        String key = enrolled(session);
        clock.advance(Duration.ofMinutes(16));

        mvc.perform(post("/mfa/disable").param("code", now(key)).with(csrf()).session(session))
                .andExpect(redirectedUrl("/mfa/password"));
        mvc.perform(get("/mfa/recovery-codes").session(session)).andExpect(redirectedUrl("/mfa/password"));
        mvc.perform(post("/mfa/recovery-codes").param("code", now(key)).with(csrf()).session(session))
                .andExpect(redirectedUrl("/mfa/password"));
        assertThat(enrollments.remainingRecoveryCodes(ALICE)).hasValue(10);
        assertThat(types()).doesNotContain(EnrollmentEvent.Type.DISABLED,
                EnrollmentEvent.Type.RECOVERY_CODES_REGENERATED);

        mvc.perform(post("/mfa/password").param("password", "alice-password").with(csrf()).session(session))
                .andExpect(redirectedUrl("/mfa/recovery-codes"));
        assertThat(body(mvc.perform(post("/mfa/disable").param("code", now(key)).with(csrf()).session(session))
                .andExpect(status().isOk()).andReturn())).contains("is off");
    }

    @Test
    void thePasswordTypedAgainReplacesOnlyThePasswordFactorUnderANewSessionIdAndItsWayBackIsUsedOnce()
            throws Exception {
        MockHttpSession session = password(ALICE);
        enrolled(session);
        clock.advance(Duration.ofMinutes(16));
        mvc.perform(get("/mfa/recovery-codes").session(session)).andExpect(redirectedUrl("/mfa/password"));
        String before = session.getId();
        mvc.perform(post("/mfa/password").param("password", "alice-password").with(csrf()).session(session))
                .andExpect(redirectedUrl("/mfa/recovery-codes"));
        assertThat(session.getId()).as("a new session id for the raised privilege").isNotEqualTo(before);
        List<String> factors = factorsOf(session);
        assertThat(factors).containsOnlyOnce(FactorGrantedAuthority.PASSWORD_AUTHORITY);
        assertThat(factors).contains(KairosFactors.TOTP_AUTHORITY);
        mvc.perform(get("/mfa/recovery-codes").session(session)).andExpect(status().isOk());

        clock.advance(Duration.ofMinutes(16));
        mvc.perform(post("/mfa/password").param("password", "alice-password").with(csrf()).session(session))
                .andExpect(redirectedUrl("/mfa/setup")); // the page asked for before is not remembered twice
    }

    @Test
    void newRecoveryCodesWithoutMfaSendTheUserToTheSetUp() throws Exception {
        MockHttpSession session = password(ALICE);
        mvc.perform(get("/mfa/recovery-codes").session(session)).andExpect(redirectedUrl("/mfa/setup"));
    }

    @Test
    void startingOverWithMfaAlreadyOnShowsThatPageAndBeginsNothing() throws Exception {
        MockHttpSession session = password(ALICE);
        String key = enrolled(session);
        binding.events.clear();
        mvc.perform(post("/mfa/setup/begin").with(csrf()).session(session)).andExpect(redirectedUrl("/mfa/setup"));
        assertThat(enrollments.status(ALICE)).isEqualTo(EnrollmentStatus.ACTIVE);
        assertThat(types()).isEmpty();
        assertThat(body(mvc.perform(post("/mfa/disable").param("code", now(key)).with(csrf()).session(session))
                .andExpect(status().isOk()).andReturn())).as("the first secret is still the one").contains("is off");
    }

    @Test
    void anOverlongCodeForNewRecoveryCodesOrTurningOffIsRefusedBeforeTheServiceAndA64CharacterOneReachesIt()
            throws Exception {
        MockHttpSession session = password(ALICE);
        enrolled(session);
        for (String path : List.of("/mfa/recovery-codes", "/mfa/disable")) {
            binding.events.clear();
            assertThat(body(mvc.perform(post(path).param("code", "x".repeat(65)).with(csrf()).session(session))
                    .andExpect(status().isBadRequest()).andReturn())).as(path).contains("far too long");
            assertThat(types()).as(path).isEmpty();
            assertThat(body(mvc.perform(post(path).param("code", "x".repeat(64)).with(csrf()).session(session))
                    .andExpect(status().isBadRequest()).andReturn())).as(path)
                    .contains("Enter a code from your app or a recovery code.");
        }
        assertThat(enrollments.remainingRecoveryCodes(ALICE)).hasValue(10);
        assertThat(enrollments.status(ALICE)).isEqualTo(EnrollmentStatus.ACTIVE);
    }

    // ------------------------------------------------------------------------------------------ recovery codes

    @Test
    void newRecoveryCodesReplaceTheWholeSetForACurrentCodeAndAreShownOnce() throws Exception {
        MockHttpSession session = password(ALICE);
        String key = enrolled(session);
        String page = body(mvc.perform(get("/mfa/recovery-codes").session(session)).andExpect(status().isOk())
                .andReturn());
        assertThat(page).contains("id=\"remaining\"", "10", "name=\"code\"");

        assertThat(body(mvc.perform(post("/mfa/recovery-codes").param("code", wrong(now(key))).with(csrf())
                .session(session)).andExpect(status().isUnauthorized()).andReturn())).contains("not right");
        mvc.perform(post("/mfa/recovery-codes").param("code", "x".repeat(65)).with(csrf()).session(session))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/mfa/recovery-codes").param("code", now(key)).session(session))
                .andExpect(status().isForbidden()); // no CSRF token

        String fresh = body(mvc.perform(post("/mfa/recovery-codes").param("code", now(key)).with(csrf())
                .session(session)).andExpect(status().isOk()).andReturn());
        List<String> codes = RECOVERY_CODE.matcher(fresh).results().map(m -> m.group(1)).toList();
        assertThat(codes).hasSize(10);
        // Replayed: the same code again renews nothing.
        mvc.perform(post("/mfa/recovery-codes").param("code", now(key)).with(csrf()).session(session))
                .andExpect(status().isUnauthorized());
        assertThat(types()).containsOnlyOnce(EnrollmentEvent.Type.RECOVERY_CODES_REGENERATED);
        assertThat(enrollments.recover(ALICE, codes.get(0)).succeeded()).isTrue();
    }

    @Test
    void aRecoverySignInSaysHowManyCodesAreLeftAndLinksToNewOnes() throws Exception {
        MockHttpSession setUp = password(ALICE);
        String key = key(setUpPage(setUp));
        List<String> codes = RECOVERY_CODE.matcher(body(confirm(setUp, now(key)))).results().map(m -> m.group(1))
                .toList();
        assertThat(codes).hasSize(10);

        MockHttpSession lostPhone = password(ALICE);
        String page = body(mvc.perform(post("/login/recovery").param("code", codes.get(3)).with(csrf())
                .session(lostPhone)).andExpect(status().isOk()).andReturn());
        assertThat(page).contains("You have 9 left", "href=\"/mfa/recovery-codes\"", "id=\"continue\"");
        assertThat(factorsOf(lostPhone)).contains(KairosFactors.TOTP_AUTHORITY);
        mvc.perform(get("/").session(lostPhone)).andExpect(status().isOk());
        assertThat(body(mvc.perform(get("/mfa/recovery-codes").session(lostPhone)).andExpect(status().isOk())
                .andReturn())).contains("You have 9 unused recovery codes");
    }

    private static List<String> factorsOf(MockHttpSession session) {
        SecurityContext context = (SecurityContext) session.getAttribute(
                HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        return context.getAuthentication().getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    }
}
