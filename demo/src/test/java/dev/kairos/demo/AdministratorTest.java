package dev.kairos.demo;

import static dev.kairos.demo.PortalClient.location;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Findings 2 and 3: the administrator needs the TOTP factor for every admin page (Spring Security's multi-factor
 * authorization on {@code /admin/**}), cannot remove their own MFA without a code, and can unlock a user who was
 * locked out by someone else's wrong codes without resetting the user's authenticator.
 */
class AdministratorTest {

    @TempDir
    static Path data;
    private static Portals portals;
    private static String base;
    private static Enrollments enrollments;

    @BeforeAll
    static void start() throws Exception {
        portals = new Portals(data);
        ConfigurableApplicationContext app = portals.start(PortalKind.DASHBOARD);
        base = Portals.base(app);
        enrollments = app.getBean(Enrollments.class);
    }

    @AfterAll
    static void stop() {
        portals.close();
    }

    @Test
    void anAdministratorWithOnlyThePasswordIsSentToSetUpTotpNotToTheAdminPages() throws Exception {
        PortalClient admin = new PortalClient(base);
        admin.signIn("admin@acme.test", "admin-demo-password");
        for (String page : new String[] {"/admin", "/admin/audit"}) {
            HttpResponse<String> r = admin.get(page);
            assertEquals(302, r.statusCode(), page);
            assertEquals("/mfa/setup", location(r), page);
        }
        HttpResponse<String> post = admin.post("/admin/enforcement", "organisation", "acme", "required", "true");
        assertTrue(post.statusCode() == 302 || post.statusCode() == 403, "status " + post.statusCode());
        assertEquals("/account", location(new PortalClient(base).signIn("alice@acme.test", "alice-demo-password")),
                "Acme still leaves MFA optional: the administrator's POST did nothing");

        // Control: with the code, the same administrator reaches the admin pages.
        Mfa.Enrolled app = Mfa.enrollAdministrator(admin, portals.clock, enrollments);
        portals.clock.advance(Duration.ofSeconds(30));
        PortalClient withCode = new PortalClient(base);
        withCode.signIn("admin@acme.test", "admin-demo-password", app.app().codeAt(portals.clock.instant()));
        assertEquals(200, withCode.get("/admin").statusCode());
        assertEquals(200, withCode.get("/admin/audit").statusCode());
        portals.clock.advance(Duration.ofSeconds(30));

        // No self-reset, no self-unlock: removing one's own MFA takes a code.
        HttpResponse<String> self = withCode.post("/admin/reset", "email", "admin@acme.test");
        assertEquals(403, self.statusCode());
        assertEquals(EnrollmentStatus.ACTIVE, enrollments.status("admin@acme.test"));
        withCode.get("/admin");
        assertEquals(403, withCode.post("/mfa/disable", "code", app.app().codeAt(portals.clock.instant())).statusCode(),
                "administrators must keep MFA, even with a right code");
        assertEquals(EnrollmentStatus.ACTIVE, enrollments.status("admin@acme.test"));

        // Someone else locks Bob out with wrong codes; the administrator unlocks him and his app still works.
        PortalClient bob = new PortalClient(base);
        bob.signIn("bob@acme.test", "bob-demo-password");
        Mfa.Enrolled bobsApp = Mfa.enroll(bob, portals.clock);
        portals.clock.advance(Duration.ofSeconds(30));
        PortalClient attacker = new PortalClient(base);
        attacker.signIn("bob@acme.test", "bob-demo-password");
        attacker.get("/login/totp");
        for (int i = 0; i < 6; i++) {
            attacker.post("/login/totp", "code", "000000");
        }
        assertTrue(enrollments.lockout("bob@acme.test").isPresent(), "locked out");
        withCode.get("/admin");
        assertTrue(withCode.get("/admin").body().contains("id=\"unlock-bob@acme.test\""));
        assertEquals(303, withCode.post("/admin/unlock", "email", "bob@acme.test").statusCode());
        assertTrue(enrollments.lockout("bob@acme.test").isEmpty(), "unlocked");
        assertEquals(EnrollmentStatus.ACTIVE, enrollments.status("bob@acme.test"), "an unlock is not a reset");
        new PortalClient(base).signIn("bob@acme.test", "bob-demo-password",
                bobsApp.app().codeAt(portals.clock.instant()));

        // Control for the self-reset refusal: the reset of someone else works.
        withCode.get("/admin");
        assertEquals(303, withCode.post("/admin/reset", "email", "bob@acme.test").statusCode());
        assertEquals(EnrollmentStatus.NOT_ENROLLED, enrollments.status("bob@acme.test"));
    }
}
