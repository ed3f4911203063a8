package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.kairos.core.OtpAuthUri;
import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.mfa.Enrollments;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole flow in a real headless Chromium, on both portals at once (two applications on one H2 server
 * database, as the README runs them): the QR code is read from the page (a screenshot of the image, decoded by
 * zxing), and the codes computed with core. Time is a {@link dev.kairos.store.tck.MutableClock} shared by both
 * portals, so replays and lockouts happen on cue. Writes the README's screenshots to {@code target/screenshots}.
 */
class BrowserFlowTest {

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

    @Test
    void oneMfaSetUpForBothPortalsFromEnrollingToUnlockAndDisabling() throws Exception {
        // A wrong password: the error is tied to the field, and the e-mail stays.
        browser.open(developer + "/login");
        check("sign-in");
        signIn(developer, "alice@acme.test", "not-her-password");
        assertEquals("alice@acme.test", browser.driver.findElement(By.id("email")).getDomProperty("value"));
        check("sign-in, wrong password");

        // My Account → Manage MFA on the Developer Portal.
        signIn(developer, "alice@acme.test", "alice-demo-password");
        assertPath("/account");
        assertEquals("Developer Portal", text("portal").replace("K", "").trim());
        assertTrue(text("mfa-status").contains("off"));
        check("account");
        browser.open(developer + "/no-such-page");
        assertTrue(browser.title().startsWith("Page not found"), browser.title());
        check("error page");
        browser.open(developer + "/account");
        click("manage-mfa");
        assertPath("/mfa/setup");
        assertEquals("Kairos Demo", text("issuer"));
        assertEquals("alice@acme.test", text("account"));
        int left = Integer.parseInt(text("seconds-left"));
        assertTrue(left >= 1 && left <= 30, "countdown " + left);
        // Nothing takes the focus past the instructions and the key: a screen reader starts at the top.
        assertEquals("body", browser.driver.executeScript("return document.activeElement.tagName.toLowerCase();"));
        screenshot("enable-mfa.png");
        check("set-up wizard");
        Totp app = totpFromQrCodeOnPage();
        assertEquals(app.secret(), Secret.fromBase32(text("manual-key")), "the QR code and the key are one secret");

        type("code", app.codeAt(portals.clock.instant()));
        click("save");
        List<String> recoveryCodes = browser.driver.findElements(By.cssSelector("#recovery-codes li")).stream()
                .map(WebElement::getText).toList();
        assertEquals(10, recoveryCodes.size(), browser.driver::getPageSource);
        assertTrue(browser.title().endsWith("Developer Portal"), browser.title());
        screenshot("recovery-codes.png");
        check("recovery codes");
        click("continue");
        // Turning MFA on ended every session of the account, this one too: sign in again, with the code.
        assertPath("/login");
        assertTrue(text("notice").contains("signed out"), text("notice"));
        check("sign-in with a notice");

        portals.clock.advance(Duration.ofSeconds(30));
        signIn(developer, "alice@acme.test", "alice-demo-password");
        assertPath("/login/totp");
        assertTrue(browser.title().endsWith("Developer Portal"), browser.title());
        assertTrue(!browser.has("my-account") && browser.has("sign-out"), "before the code: only sign-out");
        screenshot("mfa-code.png");
        check("code");
        String code = app.codeAt(portals.clock.instant());
        type("code", code);
        click("verify");
        assertPath("/account");
        assertTrue(text("mfa-status").contains("on"));

        // The same code on the Management Dashboard: one database, one replay guard.
        signIn(dashboard, "alice@acme.test", "alice-demo-password");
        assertPath("/login/totp");
        type("code", code);
        click("verify");
        assertPath("/login/totp");
        assertTrue(text("error").contains("already used"), text("error"));
        assertTrue(browser.title().endsWith("Management Dashboard"), browser.title());
        check("code, refused");
        portals.clock.advance(Duration.ofSeconds(30));
        type("code", app.codeAt(portals.clock.instant()));
        click("verify");
        assertPath("/account");
        assertEquals("Management Dashboard", text("portal").replace("K", "").trim());

        // A recovery code instead of the phone.
        signOut(dashboard);
        signIn(dashboard, "alice@acme.test", "alice-demo-password");
        click("use-recovery");
        check("recovery");
        type("code", recoveryCodes.get(0));
        click("verify");
        // The starter says how many codes are left and links to new ones (issue 20), then continues.
        assertTrue(text("notice").contains("9 left"), text("notice"));
        check("recovery used");
        click("continue");
        assertPath("/account");
        // The starter's other pages in the portal's look: new recovery codes, the password asked again.
        browser.open(dashboard + "/mfa/recovery-codes");
        assertTrue(text("remaining").contains("9"), text("remaining"));
        check("new recovery codes");
        browser.open(dashboard + "/mfa/password");
        assertTrue(browser.title().endsWith("Management Dashboard"), browser.title());
        check("password again");

        // Someone with the password locks the codes out; the message says until when.
        signOut(dashboard);
        signIn(developer, "alice@acme.test", "alice-demo-password");
        for (int i = 0; i < 6; i++) {
            type("code", "000000");
            click("verify");
        }
        assertTrue(text("error").matches("Too many wrong codes\\. Try again after \\d{4}-\\d\\d-\\d\\d "
                + "\\d\\d:\\d\\d:\\d\\d UTC\\."), text("error"));
        check("code, locked");
        signOut(developer);

        // Enforcement from the reseller: Gina (Globex, a customer of Contoso) goes straight to the wizard.
        signIn(dashboard, "gina@globex.test", "gina-demo-password");
        assertPath("/mfa/setup");
        assertTrue(text("forced").contains("Contoso Resellers"), text("forced"));
        check("set-up wizard, required");
        signOut(dashboard);

        // The administrator needs the factor too: set up, sign in again with a code, unlock Alice.
        // The published password alone does not bind: the wizard asks for the enrollment ticket (issue 20).
        signIn(dashboard, "admin@acme.test", "admin-demo-password");
        assertPath("/mfa/setup");
        check("enrollment ticket");
        type("ticket", enrollments.issueTicket("admin@acme.test", "system", Duration.ofDays(7)).ticket());
        click("use-ticket");
        assertPath("/mfa/setup");
        Totp adminApp = totpFromQrCodeOnPage();
        type("code", adminApp.codeAt(portals.clock.instant()));
        click("save");
        click("continue");
        // The next step's code (the window allows one step of drift), so Alice's 30 s lockout is still on.
        signIn(dashboard, "admin@acme.test", "admin-demo-password");
        type("code", adminApp.codeAt(portals.clock.instant().plusSeconds(30)));
        click("verify");
        browser.open(dashboard + "/admin");
        assertPath("/admin");
        assertTrue(text("lock-alice@acme.test").startsWith("codes until"), text("lock-alice@acme.test"));
        check("admin");
        click("unlock-alice@acme.test");
        assertTrue(text("notice").contains("unlocked"), text("notice"));
        browser.open(dashboard + "/admin/audit");
        String audit = text("audit");
        check("audit log");
        assertTrue(audit.contains("UNLOCKED") && audit.contains("admin:admin@acme.test"), audit);
        assertTrue(audit.contains("developer") && audit.contains("dashboard"), "both portals write one log");
        signOut(dashboard);

        // Unlocked, Alice signs in with her app while her lockout would still run (the clock has not moved; the
        // next step's code is within the window), and turns MFA off with a code.
        signIn(developer, "alice@acme.test", "alice-demo-password");
        type("code", app.codeAt(portals.clock.instant().plusSeconds(30)));
        click("verify");
        assertPath("/account");
        click("manage-mfa");
        portals.clock.advance(Duration.ofSeconds(60));
        check("manage MFA");
        // A wrong code first: the starter's "MFA is on" page says so, tied to the field.
        type("code", "000000");
        click("confirm-disable");
        assertEquals("true", browser.driver.findElement(By.id("code")).getDomAttribute("aria-invalid"));
        screenshot("mfa-on-wrong-code.png");
        check("MFA is on, wrong code");
        type("code", app.codeAt(portals.clock.instant()));
        click("disable");
        check("MFA is off");
        click("continue");
        assertPath("/account"); // this session stays; the others were signed out
        assertTrue(text("mfa-status").contains("off"));

        // Every page above passed axe-core and reflowed at 320 px.
        assertEquals(List.of(), browser.findings());
    }

    private static void signIn(String base, String email, String password) {
        browser.signIn(base, email, password);
    }

    private static void signOut(String base) {
        browser.signOut(base);
    }

    private static void type(String id, String text) {
        browser.type(id, text);
    }

    private static void click(String id) {
        browser.click(id);
    }

    private static String text(String id) {
        return browser.text(id);
    }

    private static void assertPath(String path) {
        browser.assertPath(path);
    }

    /** axe-core and the 320 px reflow on the page shown now (asserted at the end of the flow). */
    private static void check(String page) {
        browser.check(page);
    }

    /** Screenshots the QR code image as the browser shows it, decodes it, and builds the TOTP it describes. */
    private static Totp totpFromQrCodeOnPage() throws Exception {
        byte[] png = browser.driver.findElement(By.id("qr")).getScreenshotAs(OutputType.BYTES);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        String text = new QRCodeReader().decode(
                new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        assertTrue(text.startsWith("otpauth://totp/"), text);
        OtpAuthUri uri = OtpAuthUri.parse(text);
        assertEquals(Optional.of("Kairos Demo"), uri.issuer());
        return Totp.of(uri.secret(), uri.totpParameters().orElseThrow());
    }

    private static void screenshot(String name) throws IOException {
        browser.screenshot(name);
    }
}
