package dev.kairos.demo;

import static dev.kairos.demo.PortalClient.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Bad input gets a clear page and changes nothing: unknown pages, forms without their CSRF token, unknown
 * organisations and users on the admin forms, overlong codes. Each refusal has a control showing that the same
 * request with the one thing fixed is accepted, so the refusal was about that thing only.
 */
class BadInputTest {

    @TempDir
    static Path data;
    private static Portals portals;
    private static String base;
    private static PortalClient admin;

    @BeforeAll
    static void start() throws Exception {
        portals = new Portals(data);
        ConfigurableApplicationContext portal = portals.start(PortalKind.DEVELOPER);
        base = Portals.base(portal);
        admin = new PortalClient(base);
        admin.signIn("admin@acme.test", "admin-demo-password");
        Mfa.Enrolled app = Mfa.enrollAdministrator(admin, portals.clock, portal.getBean(Enrollments.class));
        portals.clock.advance(Duration.ofSeconds(30));
        admin.signIn("admin@acme.test", "admin-demo-password", app.app().codeAt(portals.clock.instant()));
    }

    @AfterAll
    static void stop() {
        portals.close();
    }

    @Test
    void anUnknownPageIsACleanNotFoundPage() throws Exception {
        HttpResponse<String> r = admin.get("/no/such/page");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("There is no page at this address."), r.body());
        assertNoStackTrace(r);
    }

    @Test
    void aFormWithoutItsCsrfTokenChangesNothing() throws Exception {
        admin.get("/admin");
        PortalClient forged = new PortalClient(base);
        HttpResponse<String> r = forged.post("/admin/enforcement", "organisation", "acme", "required", "true");
        assertTrue(r.statusCode() == 403 || r.statusCode() == 302, "status " + r.statusCode());
        assertNoStackTrace(r);
        assertTrue(admin.get("/admin").body().contains("id=\"effective-acme\">optional"), "Acme is unchanged");
        // Control: the administrator's own form, with its token, changes it.
        assertEquals(303, admin.post("/admin/enforcement", "organisation", "acme", "required", "true").statusCode());
        assertTrue(admin.get("/admin").body().contains("id=\"effective-acme\">required (by Acme Corp)"));
        admin.post("/admin/enforcement", "organisation", "acme", "required", "false");
    }

    @Test
    void theAdminFormsRefuseUnknownOrganisationsUsersAndValues() throws Exception {
        admin.get("/admin");
        HttpResponse<String> org = admin.post("/admin/enforcement", "organisation", "<b>nope</b>", "required", "true");
        assertEquals(400, org.statusCode());
        assertFalse(org.body().contains("<b>nope</b>"), "nothing typed comes back unescaped");
        assertEquals(400, admin.post("/admin/enforcement", "organisation", "acme", "required", "yes").statusCode());
        assertEquals(400, admin.post("/admin/reset", "email", "nobody@example.test").statusCode());
        assertEquals(400, admin.post("/admin/unlock", "email", "nobody@example.test").statusCode());
        assertNoStackTrace(admin.post("/admin/reset"));
        // Control: a real user is accepted by the same form.
        assertEquals(303, admin.post("/admin/unlock", "email", "bob@acme.test").statusCode());
    }

    @Test
    void anOverlongCodeIsRefusedBeforeItReachesKairos() throws Exception {
        PortalClient bob = new PortalClient(base);
        bob.signIn("bob@acme.test", "bob-demo-password");
        bob.get("/mfa/setup");
        HttpResponse<String> r = bob.post("/mfa/setup", "code", "1".repeat(10_000));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("far too long"), r.body());
        assertNoStackTrace(r);
        // Control: a code of the right length is checked (and is wrong): the refusal above was about the length.
        HttpResponse<String> wrong = bob.post("/mfa/setup", "code", "000000");
        assertEquals(401, wrong.statusCode(), wrong.body());
    }
}
