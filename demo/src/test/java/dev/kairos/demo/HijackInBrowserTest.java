package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 20's hijack in real browsers: two headless Chromiums on the two portals (one database). Carol opens the
 * set-up on the Developer Portal; an attacker with her password opens it on the Management Dashboard. The attacker
 * sees no secret, cannot replace hers (neither by opening the wizard, nor by "start over", nor by posting a code),
 * no guess is counted against her, and her own code still confirms. The administrator's first set-up needs the
 * ticket printed at the first start: the published password and a made-up ticket bind nothing. Every page either
 * browser sees passes axe-core and reflows at 320 px ({@link Browser#check}). {@link BindingTest} is the same at
 * the HTTP level.
 */
class HijackInBrowserTest {

    @TempDir
    static Path data;
    @TempDir
    static Path carolsProfile;
    @TempDir
    static Path attackersProfile;

    private static Portals portals;
    private static String developer;
    private static String dashboard;
    private static Enrollments enrollments;
    private static String printedTicket;
    private static Browser carol;
    private static Browser attacker;

    @BeforeAll
    static void start() throws Exception {
        carol = Browser.start(carolsProfile);
        attacker = Browser.start(attackersProfile);
        portals = new Portals(data);
        StringBuilder printed = new StringBuilder();
        ConfigurableApplicationContext first = Portals.printing(printed, () -> portals.start(PortalKind.DEVELOPER));
        Matcher m = BindingTest.PRINTED.matcher(printed);
        assertTrue(m.find(), "the first start prints the administrator's ticket:\n" + printed);
        printedTicket = m.group(1);
        developer = Portals.base(first);
        enrollments = first.getBean(Enrollments.class);
        dashboard = Portals.base(portals.start(PortalKind.DASHBOARD));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closing : new AutoCloseable[] {carol, attacker, portals}) {
            try {
                if (closing != null) {
                    closing.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void anAttackerWithHerPasswordCannotReplaceCarolsSetUpOnTheOtherPortal() {
        // Carol's organisation requires MFA: after her password she lands in the wizard, and types the key.
        carol.signOut(developer);
        attacker.signOut(dashboard);
        carol.signIn(developer, "carol@initech.test", "carol-demo-password");
        carol.assertPath("/mfa/setup");
        Totp app = Totp.of(Secret.fromBase32(carol.text("manual-key")), TotpParameters.defaults());

        // The attacker signs in with her password on the other portal: the set-up is Carol's, no secret shown.
        attacker.signIn(dashboard, "carol@initech.test", "carol-demo-password");
        attacker.assertPath("/mfa/setup");
        assertTrue(attacker.text("in-progress").contains("started elsewhere"), attacker.text("in-progress"));
        assertFalse(attacker.has("manual-key") || attacker.has("qr") || attacker.has("code"));
        attacker.check("set-up started elsewhere");

        // A code of his own posted to the set-up: his session began none, so there is nothing to confirm.
        attacker.post("/mfa/setup", "code", "123456");
        assertTrue(attacker.text("error").contains("not checked"), attacker.text("error"));
        assertFalse(attacker.has("manual-key"));
        attacker.check("set-up failed (no set-up in this session)");
        // "Start over" begins a new set-up only if none is open: Carol's is, so the starter refuses.
        attacker.click("start-over");
        assertTrue(attacker.text("error").contains("started elsewhere"), attacker.text("error"));
        assertFalse(attacker.has("manual-key"));
        attacker.check("start over refused");

        // Nothing was counted against Carol, her page shows the same secret, and her code turns MFA on.
        assertTrue(enrollments.lockout("carol@initech.test").isEmpty());
        carol.open(developer + "/mfa/setup");
        assertEquals(app.secret(), Secret.fromBase32(carol.text("manual-key")), "a reload shows the same secret");
        carol.type("code", app.codeAt(portals.clock.instant()));
        carol.click("save");
        assertEquals(10, carol.driver.findElements(By.cssSelector("#recovery-codes li")).size());
        assertEquals(EnrollmentStatus.ACTIVE, enrollments.status("carol@initech.test"));

        assertEquals(List.of(), attacker.findings());
        assertEquals(List.of(), carol.findings());
    }

    @Test
    void theAdministratorsFirstSetUpNeedsThePrintedTicket() {
        // The published password alone: the wizard asks for the ticket, and a made-up one is refused.
        attacker.signOut(dashboard);
        attacker.signIn(dashboard, "admin@acme.test", "admin-demo-password");
        attacker.assertPath("/mfa/setup");
        assertTrue(attacker.has("ticket-required") && !attacker.has("manual-key"));
        attacker.check("ticket required");
        attacker.type("ticket", "ABCD-EFGH-JKMN-PQRS");
        attacker.click("use-ticket");
        assertTrue(attacker.has("error") && !attacker.has("manual-key"), attacker.driver::getPageSource);
        assertEquals("true", attacker.driver.findElement(By.id("ticket"))
                .getDomAttribute("aria-invalid"), "the error is tied to the field");
        attacker.check("ticket refused");
        assertEquals(EnrollmentStatus.NOT_ENROLLED, enrollments.status("admin@acme.test"));

        // The administrator, with the ticket printed at the first start, on the other portal: the set-up begins.
        carol.signOut(developer);
        carol.signIn(developer, "admin@acme.test", "admin-demo-password");
        carol.type("ticket", printedTicket);
        carol.click("use-ticket");
        carol.assertPath("/mfa/setup");
        Totp app = Totp.of(Secret.fromBase32(carol.text("manual-key")), TotpParameters.defaults());
        carol.type("code", app.codeAt(portals.clock.instant()));
        carol.click("save");
        assertEquals(EnrollmentStatus.ACTIVE, enrollments.status("admin@acme.test"));

        assertEquals(List.of(), attacker.findings());
    }
}
