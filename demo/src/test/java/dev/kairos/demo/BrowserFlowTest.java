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
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole flow in a real headless Chromium, on both portals at once (two applications on one H2 server
 * database, as the README runs them): the QR code is read from the page (a screenshot of the image, decoded by
 * zxing), and the codes computed with core. Time is a {@link dev.kairos.store.tck.MutableClock} shared by both
 * portals, so replays and lockouts happen on cue. Writes the README's screenshots to {@code target/screenshots}.
 */
class BrowserFlowTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    /** Selenium warns that it has no DevTools bindings for this Chromium; the test does not use DevTools. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    @TempDir
    static Path profile;
    @TempDir
    static Path data;

    private static Portals portals;
    private static String developer;
    private static String dashboard;
    private static Enrollments enrollments;
    private static ChromeDriverService service;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        boolean installed = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        String ci = System.getenv("CI");
        if (!installed && (ci == null || ci.isBlank() || ci.equals("false"))) {
            Assumptions.abort("Skipped: the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian packages chromium and chromium-driver; .ci/run installs them).");
        }
        assertTrue(installed, "CI is set but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing: install the "
                + "Debian packages chromium and chromium-driver (.ci/run does)");

        portals = new Portals(data);
        developer = Portals.base(portals.start(PortalKind.DEVELOPER));
        ConfigurableApplicationContext second = portals.start(PortalKind.DASHBOARD);
        dashboard = Portals.base(second);
        enrollments = second.getBean(Enrollments.class);

        SELENIUM_LOG.setLevel(Level.SEVERE);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER); // never let Selenium Manager download one
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1100,1100", "--user-data-dir=" + profile.toAbsolutePath());
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (portals != null) {
            portals.close();
        }
    }

    @Test
    void oneMfaSetUpForBothPortalsFromEnrollingToUnlockAndDisabling() throws Exception {
        // My Account → Manage MFA on the Developer Portal.
        signIn(developer, "alice@acme.test", "alice-demo-password");
        assertPath("/account");
        assertEquals("Developer Portal", text("portal").replace("K", "").trim());
        assertTrue(text("mfa-status").contains("off"));
        click("manage-mfa");
        assertPath("/mfa/setup");
        assertEquals("Kairos Demo", text("issuer"));
        assertEquals("alice@acme.test", text("account"));
        int left = Integer.parseInt(text("seconds-left"));
        assertTrue(left >= 1 && left <= 30, "countdown " + left);
        screenshot("enable-mfa.png");
        Totp app = totpFromQrCodeOnPage();
        assertEquals(app.secret(), Secret.fromBase32(text("manual-key")), "the QR code and the key are one secret");

        type("code", app.codeAt(portals.clock.instant()));
        click("save");
        List<String> recoveryCodes = browser.findElements(By.cssSelector("#recovery-codes li")).stream()
                .map(WebElement::getText).toList();
        assertEquals(10, recoveryCodes.size(), browser::getPageSource);
        click("continue");
        // Turning MFA on ended every session of the account, this one too: sign in again, with the code.
        assertPath("/login");
        assertTrue(text("notice").contains("signed out"), text("notice"));

        portals.clock.advance(Duration.ofSeconds(30));
        signIn(developer, "alice@acme.test", "alice-demo-password");
        assertPath("/login/totp");
        screenshot("mfa-code.png");
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
        portals.clock.advance(Duration.ofSeconds(30));
        type("code", app.codeAt(portals.clock.instant()));
        click("verify");
        assertPath("/account");
        assertEquals("Management Dashboard", text("portal").replace("K", "").trim());

        // A recovery code instead of the phone.
        signOut(dashboard);
        signIn(dashboard, "alice@acme.test", "alice-demo-password");
        click("use-recovery");
        type("code", recoveryCodes.get(0));
        click("verify");
        // The starter says how many codes are left and links to new ones (issue 20), then continues.
        assertTrue(text("notice").contains("9 left"), text("notice"));
        click("continue");
        assertPath("/account");

        // Someone with the password locks the codes out; the message says until when.
        signOut(dashboard);
        signIn(developer, "alice@acme.test", "alice-demo-password");
        for (int i = 0; i < 6; i++) {
            type("code", "000000");
            click("verify");
        }
        assertTrue(text("error").matches("Too many wrong codes\\. Try again after \\d{4}-\\d\\d-\\d\\d "
                + "\\d\\d:\\d\\d:\\d\\d UTC\\."), text("error"));
        signOut(developer);

        // Enforcement from the reseller: Gina (Globex, a customer of Contoso) goes straight to the wizard.
        signIn(dashboard, "gina@globex.test", "gina-demo-password");
        assertPath("/mfa/setup");
        assertTrue(text("forced").contains("Contoso Resellers"), text("forced"));
        signOut(dashboard);

        // The administrator needs the factor too: set up, sign in again with a code, unlock Alice.
        // The published password alone does not bind: the wizard asks for the enrollment ticket (issue 20).
        signIn(dashboard, "admin@acme.test", "admin-demo-password");
        assertPath("/mfa/setup");
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
        browser.get(dashboard + "/admin");
        assertPath("/admin");
        assertTrue(text("lock-alice@acme.test").startsWith("codes until"), text("lock-alice@acme.test"));
        click("unlock-alice@acme.test");
        assertTrue(text("notice").contains("unlocked"), text("notice"));
        browser.get(dashboard + "/admin/audit");
        String audit = text("audit");
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
        type("code", app.codeAt(portals.clock.instant()));
        click("confirm-disable");
        click("continue");
        assertPath("/account"); // this session stays; the others were signed out
        assertTrue(text("mfa-status").contains("off"));
    }

    private static void signIn(String base, String email, String password) {
        browser.get(base + "/login");
        type("email", email);
        type("password", password);
        click("sign-in");
    }

    private static void signOut(String base) {
        browser.get(base + "/account");
        if (!browser.findElements(By.id("sign-out")).isEmpty()) {
            click("sign-out");
        }
        browser.get(base + "/login");
    }

    private static void type(String id, String text) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    /** Clicks a button or link and waits until the browser shows the page it leads to. */
    private static void click(String id) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(By.id(id)).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(page));
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void assertPath(String path) {
        assertEquals(path, URI.create(browser.getCurrentUrl()).getPath(), browser::getPageSource);
    }

    /** Screenshots the QR code image as the browser shows it, decodes it, and builds the TOTP it describes. */
    private static Totp totpFromQrCodeOnPage() throws Exception {
        byte[] png = browser.findElement(By.id("qr")).getScreenshotAs(OutputType.BYTES);
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
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
