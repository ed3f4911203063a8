package dev.kairos.demo;

import static dev.kairos.demo.PortalClient.location;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Issue 24: the administrator's unlock and reset of {@code NINA@northwind.test} reported success and did nothing
 * (finding 6, the raw e-mail was used, not the canonical id); the admin page offered "Require MFA" for a customer
 * its reseller already required; the audit page had no pages and no filter (finding 2).
 */
class AdminActionsTest {

    @TempDir
    static Path data;
    private static Portals portals;
    private static String base;
    private static Enrollments enrollments;
    private static Mfa.Enrolled adminApp;

    @BeforeAll
    static void start() throws Exception {
        portals = new Portals(data);
        ConfigurableApplicationContext app = portals.start(PortalKind.DASHBOARD);
        base = Portals.base(app);
        enrollments = app.getBean(Enrollments.class);
        PortalClient admin = new PortalClient(base);
        admin.signIn("admin@acme.test", "admin-demo-password");
        adminApp = Mfa.enrollAdministrator(admin, portals.clock, enrollments);
    }

    @AfterAll
    static void stop() {
        portals.close();
    }

    /** The administrator, signed in with password and code, in a browser of their own. */
    private static PortalClient admin() throws Exception {
        portals.clock.advance(Duration.ofSeconds(30));
        PortalClient admin = new PortalClient(base);
        admin.signIn("admin@acme.test", "admin-demo-password", adminApp.app().codeAt(portals.clock.instant()));
        return admin;
    }

    @Test
    void unlockByAnEmailTypedInAnotherCaseUnlocksTheAccount() throws Exception {
        PortalClient admin = admin();
        PortalClient attacker = new PortalClient(base);
        for (int i = 0; i < 5; i++) {
            attacker.signIn("nina@northwind.test", "guess-" + i);
        }
        assertEquals(429, new PortalClient(base).signIn("nina@northwind.test", "nina-demo-password").statusCode(),
                "control: locked for a new browser from the attacker's address (all tests share 127.0.0.1)");
        assertTrue(admin.get("/admin").body().contains("id=\"lock-nina@northwind.test\">passwords until"));
        HttpResponse<String> r = admin.post("/admin/unlock", "email", "NINA@northwind.test");
        assertEquals(303, r.statusCode(), r.body());
        assertEquals("/account", location(new PortalClient(base).signIn("nina@northwind.test", "nina-demo-password")),
                "unlocked");
        assertTrue(admin.get("/admin").body().contains("id=\"lock-nina@northwind.test\">—"));
    }

    @Test
    void resetByAnEmailTypedInAnotherCaseResetsTheAccount() throws Exception {
        PortalClient bob = new PortalClient(base);
        bob.signIn("bob@acme.test", "bob-demo-password");
        Mfa.enroll(bob, portals.clock);
        assertEquals(EnrollmentStatus.ACTIVE, enrollments.status("bob@acme.test"));
        PortalClient admin = admin();
        admin.get("/admin");
        assertEquals(303, admin.post("/admin/reset", "email", " BOB@Acme.Test ").statusCode());
        assertEquals(EnrollmentStatus.NOT_ENROLLED, enrollments.status("bob@acme.test"));
    }

    @Test
    void aCustomerRequiredByItsResellerIsNotOfferedRequireMfa() throws Exception {
        String page = admin().get("/admin").body();
        assertTrue(page.contains("id=\"effective-globex\">required (by Contoso Resellers)"), page);
        assertFalse(page.contains("<button type=\"submit\" class=\"\" id=\"enforce-globex\">"), page);
        assertTrue(page.contains("id=\"enforce-globex\">set by Contoso Resellers"), page);
        // Control: Acme (its reseller Northwind leaves MFA optional) is offered the button.
        assertTrue(page.contains("id=\"enforce-acme\">Require MFA</button>"), page);
        assertFalse(page.contains("<th></th>"), "every column has a header");
    }

    @Test
    void theAuditPageHasPagesAndAFilter() throws Exception {
        PortalClient admin = admin();
        HttpResponse<String> all = admin.get("/admin/audit");
        assertEquals(200, all.statusCode());
        assertTrue(all.body().contains("class=\"table-scroll\""), "the table scrolls inside its card");
        // The administrator's own sign-ins (an unlock of nina's account is "admin:admin@…", not "user:admin@…").
        HttpResponse<String> filtered = admin.get("/admin/audit?q=user%3Aadmin%40acme.test");
        assertTrue(filtered.body().contains("<td>user:admin@acme.test</td>"), filtered.body());
        assertFalse(filtered.body().contains("<td>nina@northwind.test</td>"), "the filter leaves others out");
        assertTrue(filtered.body().contains("value=\"user:admin@acme.test\""), "the filter is kept in the form");
        assertEquals(200, admin.get("/admin/audit?page=999999").statusCode(), "past the end: the last page");
        assertEquals(200, admin.get("/admin/audit?page=-1&q=%25").statusCode());
    }
}
