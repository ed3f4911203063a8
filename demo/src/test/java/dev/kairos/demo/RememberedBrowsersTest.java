package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.mfa.Enrollments;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter's remembered browsers and step-up in the demo, in headless Chromium on both portals: "don't ask
 * again on this browser" on the code page, the list at {@code /mfa/browsers}, each page checked with axe-core and
 * at 320 px in the portal's look; a remembered browser skips the code on both portals (one database, one key in the
 * data folder) until "sign out other browsers" forgets the others and ends their sessions on both portals; the
 * admin pages need a code typed within 10 minutes, even on a remembered browser.
 */
class RememberedBrowsersTest {

    private static final String COOKIE = "KAIROS_BROWSER";

    @TempDir
    static Path profile;
    @TempDir
    static Path data;

    private static Portals portals;
    private static String developer;
    private static String dashboard;
    private static Enrollments enrollments;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start(profile);
        portals = new Portals(data);
        developer = Portals.base(portals.start(PortalKind.DEVELOPER));
        ConfigurableApplicationContext second = portals.start(PortalKind.DASHBOARD);
        dashboard = Portals.base(second);
        enrollments = second.getBean(Enrollments.class);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (portals != null) {
            portals.close();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.signOut(developer);
        browser.signOut(dashboard);
    }

    @Test
    void aRememberedBrowserSkipsTheCodeOnBothPortalsUntilTheOtherBrowsersAreSignedOut() throws Exception {
        browser.signIn(developer, "alice@acme.test", "alice-demo-password");
        Totp app = enrollInTheWizard(developer);

        // Without the box ticked: the code every time (the control for what follows).
        signInWithCode(developer, "alice@acme.test", "alice-demo-password", app, false);
        browser.signOut(developer);
        browser.signIn(developer, "alice@acme.test", "alice-demo-password");
        browser.assertPath("/login/totp");

        // The box ticked: the code page in the portal's look, then the cookie.
        assertTrue(browser.has("remember"), browser.driver::getPageSource);
        assertInPortalLook("Developer Portal");
        browser.check("code, with don't ask again");
        typeCode(app, true);
        browser.assertPath("/account");
        assertNotNull(browser.driver.manage().getCookieNamed(COOKIE));

        // Signed out, back with the password only: no code, on this portal and on the other one.
        browser.signOut(developer);
        browser.signIn(developer, "alice@acme.test", "alice-demo-password");
        browser.assertPath("/account");
        browser.signIn(dashboard, "alice@acme.test", "alice-demo-password");
        browser.assertPath("/account");

        // Another browser (an HTTP client with its own cookies) remembered too.
        PortalClient other = new PortalClient(developer);
        assertEquals(302, other.signIn("alice@acme.test", "alice-demo-password").statusCode());
        other.get("/login/totp");
        portals.clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> remembered = other.post("/login/totp", "code", app.codeAt(portals.clock.instant()),
                "remember", "true");
        assertEquals(302, remembered.statusCode(), remembered.body());
        assertEquals(200, other.get("/account").statusCode());
        PortalClient otherThere = new PortalClient(dashboard);
        otherThere.signIn("alice@acme.test", "alice-demo-password", app.codeAt(portals.clock.instant()
                .plusSeconds(30)));
        assertEquals(200, otherThere.get("/account").statusCode());

        // The list, in the dashboard's look: two browsers, this one marked.
        browser.open(dashboard + "/mfa/browsers");
        browser.assertPath("/mfa/browsers");
        assertInPortalLook("Management Dashboard");
        List<String> listed = browser.driver.findElements(By.cssSelector("#browsers li")).stream()
                .map(e -> e.getText()).toList();
        assertEquals(2, listed.size(), listed.toString());
        assertEquals(1, listed.stream().filter(b -> b.contains("(this browser)")).count(), listed.toString());
        browser.check("remembered browsers");

        browser.click("sign-out-others");
        browser.assertPath("/mfa/browsers");
        assertTrue(browser.text("notice").contains("both portals") && browser.text("notice").contains("1 other"),
                browser.text("notice"));
        assertEquals(1, browser.driver.findElements(By.cssSelector("#browsers li")).size());
        browser.check("remembered browsers, others signed out");

        // The other browser: its sessions on both portals ended, and the code is asked again.
        assertEquals("/login?ended", PortalClient.location(other.get("/account")));
        assertEquals("/login?ended", PortalClient.location(otherThere.get("/account")));
        assertEquals(302, other.signIn("alice@acme.test", "alice-demo-password").statusCode());
        assertEquals("/login/totp", PortalClient.location(other.get("/account")));
        // This browser stays remembered; its session on the other portal ended as every other session did.
        browser.open(dashboard + "/account");
        browser.assertPath("/account");
        browser.signOut(developer);
        browser.signIn(developer, "alice@acme.test", "alice-demo-password");
        browser.assertPath("/account");

        assertEquals(List.of(), browser.findings());
    }

    @Test
    void theAdminPagesAskForACodeTypedWithinTenMinutesEvenOnARememberedBrowser() throws Exception {
        browser.signIn(dashboard, "admin@acme.test", "admin-demo-password");
        browser.assertPath("/mfa/setup");
        browser.type("ticket", enrollments.issueTicket("admin@acme.test", "system", Duration.ofDays(7)).ticket());
        browser.click("use-ticket");
        Totp app = enrollInTheWizard(dashboard);
        signInWithCode(dashboard, "admin@acme.test", "admin-demo-password", app, true);
        browser.open(dashboard + "/admin");
        browser.assertPath("/admin");

        // Eleven minutes on, the remembered browser still spares the code at sign-in, not on the admin pages.
        portals.clock.advance(Duration.ofMinutes(11));
        browser.signOut(dashboard);
        browser.signIn(dashboard, "admin@acme.test", "admin-demo-password");
        browser.assertPath("/account");
        browser.open(dashboard + "/admin");
        browser.assertPath("/login/totp");
        assertInPortalLook("Management Dashboard");
        browser.check("code, step-up");
        typeCode(app, false);
        browser.assertPath("/admin");
        // The code just typed counts for the next 10 minutes.
        browser.open(dashboard + "/admin/audit");
        browser.assertPath("/admin/audit");
        portals.clock.advance(Duration.ofMinutes(11));
        browser.open(dashboard + "/admin/audit");
        browser.assertPath("/login/totp");

        assertEquals(List.of(), browser.findings());
    }

    /** On the wizard (signed in): types the key shown into an "app", confirms, and leaves the recovery codes. */
    private static Totp enrollInTheWizard(String base) {
        browser.open(base + "/mfa/setup");
        Totp app = Totp.of(Secret.fromBase32(browser.text("manual-key")), TotpParameters.defaults());
        browser.type("code", app.codeAt(portals.clock.instant()));
        browser.click("save");
        browser.click("continue");
        browser.assertPath("/login"); // turning MFA on ends the account's sessions: sign in again
        return app;
    }

    private static void signInWithCode(String base, String email, String password, Totp app, boolean remember) {
        browser.signIn(base, email, password);
        browser.assertPath("/login/totp");
        typeCode(app, remember);
        browser.assertPath("/account");
    }

    /** A code of the next time step (each code is taken once), the box ticked or not. */
    private static void typeCode(Totp app, boolean remember) {
        portals.clock.advance(Duration.ofSeconds(30));
        browser.type("code", app.codeAt(portals.clock.instant()));
        if (remember) {
            browser.driver.findElement(By.id("remember")).click();
        }
        browser.click("verify");
    }

    /** The portal's brand bar (PortalFrame) and its name in the title. */
    private static void assertInPortalLook(String portal) {
        assertEquals(portal, browser.text("portal").replace("K", "").trim());
        assertTrue(browser.title().endsWith(portal), browser.title());
    }
}
