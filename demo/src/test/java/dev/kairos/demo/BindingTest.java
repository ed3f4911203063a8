package dev.kairos.demo;

import static dev.kairos.demo.PortalClient.location;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Totp;
import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 20 on the demo: the administrator, whose password the README publishes, cannot bind an authenticator app
 * with the password alone (the wizard asks for the enrollment ticket the demo prints once at its first start), and
 * a second session opening the set-up while the first one's is in progress does not take it over.
 */
class BindingTest {

    static final Pattern PRINTED = Pattern.compile(
            "Enrollment ticket for admin@acme\\.test \\(shown once, single use, until [^)]+\\): (\\S+)");

    @TempDir
    static Path data;
    private static Portals portals;
    private static String developer;
    private static String dashboard;
    private static Enrollments enrollments;
    private static String printedTicket;

    @BeforeAll
    static void start() throws Exception {
        portals = new Portals(data);
        StringBuilder printed = new StringBuilder();
        ConfigurableApplicationContext first = Portals.printing(printed, () -> portals.start(PortalKind.DEVELOPER));
        Matcher m = PRINTED.matcher(printed);
        assertTrue(m.find(), "the first start prints the administrator's ticket:\n" + printed);
        printedTicket = m.group(1);
        developer = Portals.base(first);
        enrollments = first.getBean(Enrollments.class);

        // The second portal is not a first start: it prints no ticket (which would replace the first one).
        printed.setLength(0);
        dashboard = Portals.base(Portals.printing(printed, () -> portals.start(PortalKind.DASHBOARD)));
        assertFalse(printed.toString().contains("Enrollment ticket"), printed.toString());
    }

    @AfterAll
    static void stop() {
        portals.close();
    }

    @Test
    void theAdministratorNeedsThePrintedTicketWhichWorksOnceAndNothingElseBinds() throws Exception {
        PortalClient admin = new PortalClient(developer);
        admin.signIn("admin@acme.test", "admin-demo-password");

        // Without a ticket: asked for one, no secret shown, nothing written.
        HttpResponse<String> wizard = admin.get("/mfa/setup");
        assertEquals(403, wizard.statusCode(), wizard.body());
        assertTrue(wizard.body().contains("id=\"ticket-required\""), wizard.body());
        assertTrue(wizard.body().contains("action=\"/mfa/setup/begin\"") && wizard.body().contains("name=\"_csrf\""),
                wizard.body());
        assertFalse(wizard.body().contains("manual-key"), wizard.body());
        assertEquals(EnrollmentStatus.NOT_ENROLLED, enrollments.status("admin@acme.test"));
        HttpResponse<String> empty = admin.post("/mfa/setup/begin", "ticket", "");
        assertNotEquals("/mfa/setup", location(empty), empty.body());
        assertEquals(EnrollmentStatus.NOT_ENROLLED, enrollments.status("admin@acme.test"));

        // A wrong ticket (well formed) and a ticket without the CSRF token: refused, nothing written.
        admin.get("/mfa/setup");
        HttpResponse<String> wrong = admin.post("/mfa/setup/begin", "ticket", "ABCD-EFGH-JKMN-PQRS");
        assertNotEquals("/mfa/setup", location(wrong), wrong.body());
        assertFalse(wrong.body().contains("manual-key"), wrong.body());
        assertEquals(EnrollmentStatus.NOT_ENROLLED, enrollments.status("admin@acme.test"));
        PortalClient forged = new PortalClient(developer);
        forged.signIn("admin@acme.test", "admin-demo-password");
        HttpResponse<String> noCsrf = forged.post("/mfa/setup/begin", "_csrf", "forged", "ticket", printedTicket);
        assertEquals(403, noCsrf.statusCode(), noCsrf.body());
        assertEquals(EnrollmentStatus.NOT_ENROLLED, enrollments.status("admin@acme.test"));

        // The printed ticket: the set-up begins, and its code confirms.
        admin.get("/mfa/setup");
        HttpResponse<String> begun = admin.post("/mfa/setup/begin", "ticket", printedTicket);
        assertEquals("/mfa/setup", location(begun), begun.body());

        // Once: the same ticket in another session (the other portal) binds nothing.
        PortalClient other = new PortalClient(dashboard);
        other.signIn("admin@acme.test", "admin-demo-password");
        other.get("/mfa/setup");
        HttpResponse<String> again = other.post("/mfa/setup/begin", "ticket", printedTicket);
        assertNotEquals("/mfa/setup", location(again), again.body());
        assertFalse(other.get("/mfa/setup").body().contains("manual-key"));

        Mfa.Enrolled app = Mfa.enroll(admin, portals.clock);
        assertEquals(10, app.recoveryCodes().size());
        assertEquals(EnrollmentStatus.ACTIVE, enrollments.status("admin@acme.test"));
    }

    @Test
    void aSecondSessionOpeningTheSetUpDoesNotReplaceTheOneInProgress() throws Exception {
        // Carol's organisation requires MFA; she opens the wizard on the Developer Portal.
        PortalClient carol = new PortalClient(developer);
        carol.signIn("carol@initech.test", "carol-demo-password");
        Totp app = Mfa.app(carol.get("/mfa/setup"));

        // Someone else with her password opens the set-up on the Management Dashboard, and on the same portal.
        for (String portal : new String[] {dashboard, developer}) {
            PortalClient attacker = new PortalClient(portal);
            attacker.signIn("carol@initech.test", "carol-demo-password");
            HttpResponse<String> refused = attacker.get("/mfa/setup");
            assertEquals(409, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("started elsewhere"), refused.body());
            assertFalse(refused.body().contains("manual-key"), refused.body());
            // Starting over is this session's set-up only: the attacker's session has none to start over.
            attacker.post("/mfa/setup/begin");
            assertFalse(attacker.get("/mfa/setup").body().contains("manual-key"));
        }

        // Carol's page still shows her secret, and her right code confirms it.
        Totp reloaded = Mfa.app(carol.get("/mfa/setup"));
        assertEquals(app.codeAt(portals.clock.instant()), reloaded.codeAt(portals.clock.instant()),
                "a reload shows the same secret");
        HttpResponse<String> done = carol.post("/mfa/setup", "code", app.codeAt(portals.clock.instant()));
        assertEquals(200, done.statusCode(), done.body());
        assertEquals(EnrollmentStatus.ACTIVE, enrollments.status("carol@initech.test"));
        assertTrue(enrollments.lockout("carol@initech.test").isEmpty());
    }
}
