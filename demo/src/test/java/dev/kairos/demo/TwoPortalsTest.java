package dev.kairos.demo;

import static dev.kairos.demo.PortalClient.location;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Developer Portal and the Management Dashboard on one database: one MFA set-up covers both, a code used on
 * one is refused on the other, and enforcement set on one applies on both.
 */
class TwoPortalsTest {

    @TempDir
    static Path data;
    private static Portals portals;
    private static String developer;
    private static String dashboard;

    @BeforeAll
    static void start() throws Exception {
        portals = new Portals(data);
        developer = Portals.base(portals.start(PortalKind.DEVELOPER));
        dashboard = Portals.base(portals.start(PortalKind.DASHBOARD));
    }

    @AfterAll
    static void stop() {
        portals.close();
    }

    @Test
    void eachPortalIsTitledAsItself() throws Exception {
        assertTrue(new PortalClient(developer).get("/login").body().contains("<title>Sign in · Developer Portal</title>"));
        assertTrue(new PortalClient(dashboard).get("/login").body()
                .contains("<title>Sign in · Management Dashboard</title>"));
    }

    @Test
    void mfaEnabledOnOnePortalAppliesOnTheOtherAndACodeUsedOnOneIsRefusedOnTheOther() throws Exception {
        PortalClient here = new PortalClient(developer);
        here.signIn("alice@acme.test", "alice-demo-password");
        Mfa.Enrolled app = Mfa.enroll(here, portals.clock);

        portals.clock.advance(Duration.ofSeconds(30));
        String code = app.app().codeAt(portals.clock.instant());
        here.signIn("alice@acme.test", "alice-demo-password", code);

        PortalClient there = new PortalClient(dashboard);
        there.signIn("alice@acme.test", "alice-demo-password");
        assertEquals("/login/totp", location(there.get("/account")), "the dashboard asks for the code too");
        there.get("/login/totp");
        HttpResponse<String> replay = there.post("/login/totp", "code", code);
        assertEquals(401, replay.statusCode());
        assertTrue(replay.body().contains("already used"), replay.body());

        // Control: the next code works there.
        portals.clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> next = there.post("/login/totp", "code", app.app().codeAt(portals.clock.instant()));
        assertEquals(302, next.statusCode(), next.body());
        assertEquals(200, there.get("/account").statusCode());
    }

    @Test
    void enforcementAtAResellerAppliesToItsCustomersUsersOnBothPortals() throws Exception {
        // Contoso (a reseller) requires MFA; Globex is its customer and leaves it to the reseller.
        PortalClient gina = new PortalClient(dashboard);
        gina.signIn("gina@globex.test", "gina-demo-password");
        assertEquals("/mfa/setup", location(gina.get("/account")));
        HttpResponse<String> wizard = gina.get("/mfa/setup");
        assertTrue(wizard.body().contains("Contoso Resellers requires two-step verification"), wizard.body());
        assertTrue(wizard.body().contains("id=\"seconds-left\">"), "the countdown");
        // Control: Northwind's customer Acme does not require it.
        PortalClient bob = new PortalClient(developer);
        assertEquals("/account", location(bob.signIn("bob@acme.test", "bob-demo-password")));
        assertEquals(200, bob.get("/account").statusCode());
    }
}
