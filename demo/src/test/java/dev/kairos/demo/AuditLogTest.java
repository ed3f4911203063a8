package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Finding 5 (and issue 24's finding 2): the audit log lived in memory, 10,000 malformed codes pushed every older entry out, and a failed
 * sign-in wrote the typed e-mail, attacker's text, as the actor. Now it is a table written only by INSERT, Kairos
 * reports at most 10 malformed codes per account and minute, and actors are real accounts or "unknown".
 */
class AuditLogTest {

    @TempDir
    static Path data;
    private static Portals portals;
    private static String base;
    private static AuditLog audit;

    @BeforeAll
    static void start() throws Exception {
        portals = new Portals(data);
        ConfigurableApplicationContext app = portals.start(PortalKind.DEVELOPER);
        base = Portals.base(app);
        audit = app.getBean(AuditLog.class);
    }

    @AfterAll
    static void stop() {
        portals.close();
    }

    @Test
    void aFloodOfMalformedCodesAddsAtMostTenEntriesAMinuteAndPushesNothingOut() throws Exception {
        PortalClient alice = new PortalClient(base);
        alice.signIn("alice@acme.test", "alice-demo-password");
        Mfa.Enrolled app = Mfa.enroll(alice, portals.clock);
        long firstId = audit.about("alice@acme.test").get(0).id();

        PortalClient flood = new PortalClient(base);
        flood.signIn("alice@acme.test", "alice-demo-password");
        flood.get("/login/totp");
        for (int i = 0; i < 500; i++) {
            assertEquals(400, flood.post("/login/totp", "code", "not-a-code-" + i).statusCode());
        }
        List<AuditLog.Entry> entries = audit.about("alice@acme.test");
        long refusals = entries.stream().filter(e -> e.action().equals("CODE_REFUSED")).count();
        assertTrue(refusals <= 10, refusals + " entries for 500 malformed codes in one minute");
        assertTrue(refusals >= 1, "the first malformed codes are recorded");
        assertEquals(firstId, entries.get(0).id(), "the oldest entry is still there");

        // The next minute reports how many were left out, in one entry.
        portals.clock.advance(Duration.ofMinutes(1));
        flood.post("/login/totp", "code", "not-a-code");
        assertTrue(audit.about("alice@acme.test").stream().anyMatch(e -> e.action().equals("MALFORMED_SUPPRESSED")),
                "the suppressed count is reported");
        // Control: a right code still works for the real user after the flood (malformed codes do not lock).
        portals.clock.advance(Duration.ofSeconds(30));
        new PortalClient(base).signIn("alice@acme.test", "alice-demo-password",
                app.app().codeAt(portals.clock.instant()));
    }

    @Test
    void aFailedSignInNamesARealAccountOrUnknownNeverTheTypedText() throws Exception {
        String typed = "<script>alert(1)</script>@evil.test";
        HttpResponse<String> r = new PortalClient(base).signIn(typed, "whatever");
        assertEquals(401, r.statusCode());
        assertFalse(r.body().contains("<script>alert(1)"), "nothing typed comes back unescaped");
        new PortalClient(base).signIn("bob@acme.test", "wrong");

        List<AuditLog.Entry> failed = audit.page(Optional.empty(), 1).entries().stream()
                .filter(e -> e.action().equals("SIGN_IN_FAILED")).toList();
        assertTrue(failed.stream().anyMatch(e -> e.actor().equals("unknown") && e.account().equals("unknown")));
        assertTrue(failed.stream().anyMatch(e -> e.account().equals("bob@acme.test")), "a real account is named");
        assertTrue(audit.page(Optional.empty(), 1).entries().stream().noneMatch(e -> (e.actor() + e.account() + e.detail()).contains("evil")),
                "the typed text is nowhere in the log");
    }

    @Test
    void aFloodOfThrottledSignInsIsOneEntryWithItsCountNotARowEach() throws Exception {
        // Issue 24, finding 2: 926 throttled sign-ins in 10 s wrote ~947 rows and pushed everything off the page.
        PortalClient attacker = new PortalClient(base);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, attacker.signIn("carol@initech.test", "guess-" + i).statusCode());
        }
        long before = audit.count();
        for (int i = 0; i < 200; i++) {
            assertEquals(429, attacker.post("/login", "email", "carol@initech.test", "password", "x").statusCode());
        }
        assertTrue(audit.count() - before <= 1, (audit.count() - before) + " rows for 200 throttled sign-ins");
        List<AuditLog.Entry> throttled = audit.about("carol@initech.test").stream()
                .filter(e -> e.action().equals("SIGN_IN_THROTTLED")).toList();
        assertEquals(1, throttled.size(), throttled.toString());
        assertEquals(200, throttled.get(0).repeats(), "every refusal is counted");
        assertEquals("user:carol@initech.test", throttled.get(0).actor(), "actors are written one way");

        // After the window, a new entry starts: the count does not hide a later attack in an old row.
        portals.clock.advance(AuditLog.REPEAT_WINDOW.plusMinutes(1));
        for (int i = 0; i < 5; i++) {
            attacker.signIn("carol@initech.test", "guess-again-" + i);
        }
        attacker.post("/login", "email", "carol@initech.test", "password", "x");
        assertEquals(2, audit.about("carol@initech.test").stream()
                .filter(e -> e.action().equals("SIGN_IN_THROTTLED")).count());
        portals.clock.advance(Duration.ofHours(2));
    }

    @Test
    void aFloodOfWrongRecoveryCodesIsOneEntryWithItsCount() throws Exception {
        // Finding 2, with a password: 265 wrong recovery codes in 8 s wrote 265 rows.
        PortalClient owner = new PortalClient(base);
        owner.signIn("gina@globex.test", "gina-demo-password");
        List<String> issued = Mfa.enroll(owner, portals.clock).recoveryCodes();
        PortalClient attacker = new PortalClient(base);
        attacker.signIn("gina@globex.test", "gina-demo-password");
        attacker.get("/login/recovery");
        long before = audit.count();
        for (int i = 0; i < 40; i++) {
            attacker.post("/login/recovery", "code", wrongButWellFormed(issued, i));
        }
        List<AuditLog.Entry> refused = audit.about("gina@globex.test").stream()
                .filter(e -> e.action().equals("CODE_REFUSED")).toList();
        assertTrue(audit.count() - before <= 2, (audit.count() - before) + " rows for 40 wrong recovery codes");
        assertEquals(40, refused.stream().mapToInt(AuditLog.Entry::repeats).sum(), "every refusal is counted");
    }

    @Test
    void aVisitOfTheWizardAgainShowsTheSameKeyAndBeginsNothingNewAndSetUpEventsHaveTheirOrigin() throws Exception {
        PortalClient oscar = new PortalClient(base);
        oscar.signIn("oscar@contoso.test", "oscar-demo-password");
        Matcher key = Pattern.compile("id=\"manual-key\">([A-Z2-7 ]+)<").matcher(oscar.get("/mfa/setup").body());
        assertTrue(key.find());
        for (int i = 0; i < 3; i++) {
            assertTrue(oscar.get("/mfa/setup").body().contains(key.group(1)), "a reload shows the same key");
        }
        List<AuditLog.Entry> begun = audit.about("oscar@contoso.test").stream()
                .filter(e -> e.action().equals("BEGUN")).toList();
        assertEquals(1, begun.size(), "one BEGUN for four visits: " + begun);
        assertEquals("127.0.0.1", begun.get(0).origin(), "the set-up event names where it came from");
        assertEquals("user:oscar@contoso.test", begun.get(0).actor());
        // Control: another session begins its own set-up (a new key).
        PortalClient elsewhere = new PortalClient(base);
        elsewhere.signIn("oscar@contoso.test", "oscar-demo-password");
        assertFalse(elsewhere.get("/mfa/setup").body().contains(key.group(1)));
    }

    /** An issued code with one symbol changed to another of the codes' own symbols: well-formed, and wrong. */
    private static String wrongButWellFormed(List<String> issued, int i) {
        List<Character> alphabet = String.join("", issued).chars().filter(c -> c != '-').distinct().sorted()
                .mapToObj(c -> (char) c).toList();
        char[] code = issued.get(0).toCharArray();
        int at = (i % 4) * 5; // the first symbol of each group of four
        int shift = 1 + i / 4;
        code[at] = alphabet.get((alphabet.indexOf(code[at]) + shift) % alphabet.size());
        return new String(code);
    }

    @Test
    void thePageHasASizeAPageNumberAndAFilter() {
        for (int i = 0; i < 120; i++) {
            audit.record("system", "PAGING_TEST", "paging-" + i + "@example.test", "test", "entry " + i);
        }
        AuditLog.Page first = audit.page(Optional.of("PAGING-"), 1);
        assertEquals(120, first.matching(), "the filter is case-insensitive and matches the account");
        assertEquals(AuditLog.PAGE_SIZE, first.entries().size());
        assertEquals(3, first.pages());
        assertEquals("paging-119@example.test", first.entries().get(0).account(), "newest first");
        AuditLog.Page last = audit.page(Optional.of("paging-"), 3);
        assertEquals(20, last.entries().size());
        assertEquals("paging-0@example.test", last.entries().get(19).account());
        assertEquals(3, audit.page(Optional.of("paging-"), 99).page(), "past the end: the last page");
        assertEquals(List.of("paging-7@example.test"), audit.page(Optional.of("paging-7@"), 1).entries().stream()
                .map(AuditLog.Entry::account).toList());
        assertTrue(audit.page(Optional.of("%"), 1).entries().isEmpty(), "no LIKE wildcard: a % is a %");
    }

    @Test
    void theAuditLogIsOnlyEverInsertedIntoAndItsRepeatCountsRaised() throws IOException {
        Path source = Path.of("src/main/java/dev/kairos/demo/AuditLog.java");
        String code = Files.readString(source, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        assertTrue(code.contains("INSERT INTO DEMO_AUDIT"), "control: the scan sees the SQL");
        for (String verb : new String[] {"DELETE ", "TRUNCATE ", "DROP ", "MERGE "}) {
            assertFalse(Pattern.compile("\"[^\"]*" + verb).matcher(code).find(), "AuditLog has SQL with " + verb);
        }
        // The one UPDATE counts a repeat: it sets the count and the last time, nothing an entry said.
        var updates = Pattern.compile("\"UPDATE DEMO_AUDIT SET ([^\"]*) WHERE").matcher(code);
        int found = 0;
        while (updates.find()) {
            assertEquals("REPEATS = REPEATS + 1, LAST_AT = ?", updates.group(1).trim());
            found++;
        }
        assertEquals(1, found, "one UPDATE, of the repeat count");
        // And nothing else in the demo writes to the table.
        try (var files = Files.walk(Path.of("src/main/java"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java") && !f.equals(source)).toList()) {
                assertFalse(Files.readString(p).toLowerCase(Locale.ROOT).contains("demo_audit"), p.toString());
            }
        }
    }
}
