package dev.kairos.demo;

import dev.kairos.store.tck.MutableClock;
import static dev.kairos.demo.PortalClient.assertCleanError;
import static dev.kairos.demo.PortalClient.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import java.nio.file.Files;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad requests at the HTTP level: each gets a clean 4xx page, changes nothing, and shows no stack trace.
 */
class BadInputTest {

    private static final Pattern MANUAL_KEY = Pattern.compile("id=\"manual-key\">([A-Z2-7 ]+)<");

    private static MutableClock clock;
    private static DemoServer server;

    @BeforeAll
    static void start() throws Exception {
        clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        server = DemoServer.start(0, clock, 10_000, Files.createTempDirectory("kairos-demo-test"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Each test moves the clock on, so codes and lockouts of one test never meet another's. */
    private static PortalClient client() {
        clock.advance(Duration.ofHours(1));
        return new PortalClient(server);
    }

    @Test
    void aFormWithoutCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        PortalClient admin = client();
        admin.signIn("admin@acme.test", "admin-demo-password");
        admin.get("/admin");
        HttpResponse<String> r = admin.post("/admin/enforcement",
                Map.of("organisation", "acme", "required", "true"));
        assertCleanError(403, r);
        assertFalse(server.directory().requiresMfa("acme"));
    }

    @Test
    void aFormWithAWrongOrForeignCsrfTokenIsRefused() throws Exception {
        PortalClient admin = client();
        admin.signIn("admin@acme.test", "admin-demo-password");
        PortalClient other = new PortalClient(server);
        other.signIn("bob@acme.test", "bob-demo-password");

        assertCleanError(403, admin.post("/admin/enforcement",
                Map.of("csrf", "forged", "organisation", "acme", "required", "true")));
        assertCleanError(403, admin.post("/admin/enforcement",
                Map.of("csrf", other.csrf, "organisation", "acme", "required", "true")));
        assertFalse(server.directory().requiresMfa("acme"));
        // The right token works, so the refusals above were about the token only.
        assertEquals(303, admin.post("/admin/enforcement", admin.form("organisation", "initech", "required", "true"))
                .statusCode());
    }

    @Test
    void anUnknownSessionCannotPostAndIsSentToSignInOnGet() throws Exception {
        PortalClient c = client();
        c.cookie = "bm90LWEtcmVhbC1zZXNzaW9uLWlkLWF0LWFsbC0xMjM0NTY3";
        c.csrf = "whatever";
        assertCleanError(403, c.post("/mfa/setup", c.form("code", "123456")));
        assertCleanError(403, c.post("/login", c.form("email", "alice@acme.test", "password", "alice-demo-password")));
        HttpResponse<String> r = c.get("/account");
        assertEquals(303, r.statusCode());
        assertEquals("/", r.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void aSessionIdFromBeforeSignInStopsWorkingAfterIt() throws Exception {
        PortalClient c = client();
        c.get("/login");
        String before = c.cookie;
        c.signIn("bob@acme.test", "bob-demo-password");
        assertNotEquals(before, c.cookie);
        c.cookie = before;
        assertEquals(303, c.get("/account").statusCode());
    }

    @Test
    void overlongAndNonDigitCodesAreRefusedWithoutCountingAFailure() throws Exception {
        PortalClient c = client();
        c.signIn("dave@initech.test", "dave-demo-password"); // Initech requires MFA: straight to the wizard
        Totp totp = enroll(c);
        c.post("/logout", c.form());

        c.signIn("dave@initech.test", "dave-demo-password");
        for (String bad : new String[] {"12a456", "１２３456", "1234567", "123456789012345678901234567890",
                "-12345", "", "12345\u0000"}) {
            HttpResponse<String> r = c.post("/login/code", c.form("code", bad));
            assertEquals(400, r.statusCode(), bad);
            assertTrue(r.body().contains("6 digits"), r::body);
            assertNoStackTrace(r.body());
        }
        assertCleanError(400, c.post("/login/code", c.form("code", "1".repeat(300))));
        // Nothing was counted: far more malformed codes than the lockout threshold, yet the right code works.
        HttpResponse<String> ok = c.post("/login/code", c.form("code", totp.codeAt(clock.instant())));
        assertEquals(303, ok.statusCode(), ok::body);
        assertEquals("/account", ok.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void malformedCodesDoNotActivateMfa() throws Exception {
        PortalClient c = client();
        c.signIn("alice@acme.test", "alice-demo-password");
        c.get("/mfa/setup");
        HttpResponse<String> r = c.post("/mfa/setup", c.form("code", "abcdef"));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("6 digits"));
        assertCleanError(400, c.post("/mfa/setup", c.form("code", "9".repeat(1000))));
        assertFalse(server.mfa().isActive("alice@acme.test"));
    }

    @Test
    void aWrongMethodGets405WithTheAllowedOnes() throws Exception {
        PortalClient c = client();
        HttpResponse<String> r = c.send(c.request("/login").method("PUT", HttpRequest.BodyPublishers.noBody()).build());
        assertCleanError(405, r);
        assertEquals("GET, POST", r.headers().firstValue("Allow").orElseThrow());
        assertCleanError(405, c.get("/logout"));
        assertCleanError(405, c.send(c.request("/account").DELETE().build()));
        assertCleanError(405, c.send(c.request("/admin/reset").GET().build()));
    }

    @Test
    void anOversizedBodyGets413AndChangesNothing() throws Exception {
        PortalClient admin = client();
        admin.signIn("admin@acme.test", "admin-demo-password");
        admin.get("/admin");
        String big = PortalClient.encode(admin.form("organisation", "acme", "required", "true")) + "&pad="
                + "x".repeat(100_000);
        assertCleanError(413, admin.postRaw("/admin/enforcement", big));
        // Without a Content-Length (chunked), the limit holds too.
        HttpRequest chunked = admin.request("/admin/enforcement")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build();
        assertCleanError(413, admin.send(chunked));
        assertFalse(server.directory().requiresMfa("acme"));
    }

    @Test
    void otherBadRequestsGetCleanPages() throws Exception {
        PortalClient c = client();
        assertCleanError(404, c.get("/wp-admin"));
        c.get("/login");
        assertCleanError(415, c.send(c.request("/login").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()));
        assertCleanError(400, c.postRaw("/login", "csrf=" + c.csrf + "&email=%zz"));
        assertCleanError(400, c.postRaw("/login", "csrf=" + c.csrf + "&email=a&email=b"));
        PortalClient bob = client();
        bob.signIn("bob@acme.test", "bob-demo-password");
        assertCleanError(403, bob.get("/admin"));
        assertCleanError(403, bob.post("/admin/reset", bob.form("email", "alice@acme.test")));
    }

    @Test
    void userInputIsEscapedOnEveryPage() throws Exception {
        PortalClient c = client();
        c.get("/login");
        String evil = "<script>alert(1)</script>@x.test";
        HttpResponse<String> r = c.post("/login", c.form("email", evil, "password", "x"));
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("Wrong e-mail or password."));
        PortalClient admin = client();
        admin.signIn("admin@acme.test", "admin-demo-password");
        String audit = admin.get("/admin/audit").body();
        assertTrue(audit.contains("&lt;script&gt;alert(1)&lt;/script&gt;@x.test"), audit);
        assertFalse(audit.contains("<script>"), audit);
    }

    /** Enrolls the signed-in user through the wizard, reading the key as a person who cannot scan would. */
    private static Totp enroll(PortalClient c) throws Exception {
        String page = c.get("/mfa/setup").body();
        Matcher m = MANUAL_KEY.matcher(page);
        assertTrue(m.find(), page);
        Totp totp = Totp.of(Secret.fromBase32(m.group(1)), TotpParameters.defaults());
        HttpResponse<String> r = c.post("/mfa/setup", c.form("code", totp.codeAt(clock.instant())));
        assertEquals(303, r.statusCode(), r::body);
        c.get("/mfa/recovery-codes");
        clock.advance(Duration.ofSeconds(30)); // the next sign-in uses a fresh code
        return totp;
    }
}
