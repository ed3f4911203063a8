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
 * Finding 3, passwords: the old portal let anyone guess 40 passwords and then sign in. Now the 5th wrong
 * password of an account locks it for 30 s, each further one doubles that (up to 15 min), and a client address
 * gets 20 wrong passwords before the same lockouts; a locked attempt is refused before the password is checked,
 * even when it is right.
 */
class PasswordThrottlingTest {

    @TempDir
    static Path data;
    private static Portals portals;
    private static String developer;
    private static String dashboard;

    @BeforeAll
    static void start() throws Exception {
        portals = new Portals(data);
        developer = Portals.base(portals.start(PortalKind.DEVELOPER));
        dashboard = Portals.base(portals.start(PortalKind.DASHBOARD, "kairos.demo.throttle.address-threshold=1000"));
    }

    @AfterAll
    static void stop() {
        portals.close();
    }

    @Test
    void theFifthWrongPasswordLocksTheAccountEvenAgainstTheRightPasswordUntilTheLockoutEnds() throws Exception {
        PortalClient attacker = new PortalClient(dashboard);
        // Control: the right password works, so the refusals below are the throttle's.
        assertEquals("/account", location(new PortalClient(dashboard).signIn("bob@acme.test", "bob-demo-password")));
        for (int i = 1; i <= 4; i++) {
            HttpResponse<String> wrong = attacker.signIn("bob@acme.test", "guess-" + i);
            assertEquals(401, wrong.statusCode(), wrong.body());
        }
        assertEquals("/account", location(new PortalClient(dashboard).signIn("bob@acme.test", "bob-demo-password")),
                "four wrong passwords do not lock");
        for (int i = 1; i <= 5; i++) {
            attacker.signIn("bob@acme.test", "guess-" + i);
        }
        HttpResponse<String> locked = new PortalClient(dashboard).signIn("bob@acme.test", "bob-demo-password");
        assertEquals(429, locked.statusCode());
        assertTrue(locked.body().matches("(?s).*Too many wrong passwords\\. Try again after \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC.*"),
                locked.body());
        // The count is in the shared database: the other portal refuses too.
        assertEquals(429, new PortalClient(developer).signIn("bob@acme.test", "bob-demo-password").statusCode());

        portals.clock.advance(Duration.ofMinutes(2));
        assertEquals("/account", location(new PortalClient(dashboard).signIn("bob@acme.test", "bob-demo-password")),
                "after the lockout the right password works again");
    }

    @Test
    void twentyWrongPasswordsFromOneAddressLockThatAddressForEveryAccount() throws Exception {
        portals.clock.advance(Duration.ofHours(2));
        PortalClient client = new PortalClient(developer);
        for (int i = 0; i < 20; i++) {
            // Unknown accounts: only the address counts them.
            assertEquals(401, client.signIn("nobody" + i + "@example.test", "x").statusCode());
        }
        HttpResponse<String> r = new PortalClient(developer).signIn("nina@northwind.test", "nina-demo-password");
        assertEquals(429, r.statusCode(), r.body());
        portals.clock.advance(Duration.ofHours(2));
        assertEquals("/account", location(new PortalClient(developer).signIn("nina@northwind.test", "nina-demo-password")));
    }
}
