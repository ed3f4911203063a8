package dev.kairos.demo;

import static dev.kairos.demo.PortalClient.location;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 4: enabling MFA left the user's other sessions signed in, so someone who had signed in with a stolen
 * password stayed in. Turning MFA on or off now ends every session of the account, on both portals.
 */
class OtherSessionsTest {

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
    void enablingAndDisablingMfaEndTheAccountsOtherSessionsOnBothPortals() throws Exception {
        PortalClient user = new PortalClient(developer);
        PortalClient intruderHere = new PortalClient(developer);
        PortalClient intruderThere = new PortalClient(dashboard);
        PortalClient bystander = new PortalClient(developer);
        user.signIn("alice@acme.test", "alice-demo-password");
        intruderHere.signIn("alice@acme.test", "alice-demo-password");
        intruderThere.signIn("alice@acme.test", "alice-demo-password");
        bystander.signIn("bob@acme.test", "bob-demo-password");
        // Control: every session works before the change.
        assertEquals(200, intruderHere.get("/account").statusCode());
        assertEquals(200, intruderThere.get("/account").statusCode());

        Mfa.Enrolled app = Mfa.enroll(user, portals.clock);

        assertEquals("/login?ended", location(intruderHere.get("/account")));
        assertEquals("/login?ended", location(intruderThere.get("/account")));
        assertEquals(200, bystander.get("/account").statusCode(), "another account's session is untouched");
        assertEquals("/login?ended", location(user.get("/account")),
                "the session that enrolled ends after the recovery codes: sign in again with the code");

        // The intruder knows the password, not the code.
        intruderHere.signIn("alice@acme.test", "alice-demo-password");
        assertEquals("/login/totp", location(intruderHere.get("/account")));

        portals.clock.advance(Duration.ofSeconds(30));
        user.signIn("alice@acme.test", "alice-demo-password", app.app().codeAt(portals.clock.instant()));
        PortalClient second = new PortalClient(dashboard);
        portals.clock.advance(Duration.ofSeconds(30));
        second.signIn("alice@acme.test", "alice-demo-password", app.app().codeAt(portals.clock.instant()));
        assertEquals(200, second.get("/account").statusCode());

        user.get("/mfa/setup");
        assertEquals(200, user.post("/mfa/disable", "code", app.recoveryCodes().get(0)).statusCode());
        assertEquals("/login?ended", location(second.get("/account")), "disabling ends the other sessions too");
        assertEquals(200, user.get("/account").statusCode(),
                "the session that turned MFA off stays, as the page says (\"other sessions were signed out\")");
    }
}
