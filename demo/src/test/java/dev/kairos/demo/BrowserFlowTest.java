package dev.kairos.demo;

import dev.kairos.store.tck.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.kairos.core.OtpAuthUri;
import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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

/**
 * The whole MFA flow in a real headless Chromium, as a person does it: the QR code is read from the page (a
 * screenshot of the image, decoded by zxing), its {@code otpauth://} URI parsed, and the codes computed with core.
 * Time is a {@link MutableClock} the test moves, so replays and lockouts happen on cue.
 */
class BrowserFlowTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Pattern LOCKED_UNTIL = Pattern.compile("after (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) UTC");

    /** Selenium warns that it has no DevTools bindings for this Chromium; the test does not use DevTools. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    @TempDir
    static Path profile;

    private static MutableClock clock;
    private static DemoServer server;
    private static ChromeDriverService service;
    private static ChromeDriver browser;
    private static String base;

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

        // 5 s into a time step, so a code computed now stays valid while the browser types it.
        clock = new MutableClock(Instant.parse("2026-03-02T09:00:05Z"));
        server = DemoServer.start(0, clock, 10_000, Files.createTempDirectory("kairos-demo-test"));
        base = "http://127.0.0.1:" + server.port();

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
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(15));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void freshBrowserSession() {
        browser.get(base + "/style.css");
        browser.manage().deleteAllCookies();
        clock.advance(Duration.ofMinutes(5));
    }

    @Test
    void enrollsSignsInWithCodesAndARecoveryCodeThenDisablesMfa() throws Exception {
        signIn("alice@acme.test", "alice-demo-password");
        assertPath("/account");
        assertTrue(text("mfa").contains("Two-step verification is off"));

        click("enable-mfa");
        assertPath("/mfa/setup");
        assertEquals("Kairos Demo", text("issuer"));
        assertEquals("alice@acme.test", text("account"));
        screenshot("enable-mfa.png");
        Totp totp = totpFromQrCodeOnPage();
        String manualKey = text("manual-key");
        assertTrue(manualKey.matches("([A-Z2-7]{4} )+[A-Z2-7]{1,4}"), manualKey);
        assertEquals(totp.secret(), Secret.fromBase32(manualKey), "the QR code and the typed key are the same secret");

        // A wrong code keeps the page, with the same QR code and a clear message.
        type("code", wrong(totp.codeAt(clock.instant())));
        click("save");
        assertPath("/mfa/setup");
        assertTrue(text("error").contains("not right"), text("error"));
        assertEquals(manualKey, text("manual-key"));
        assertFalse(server.mfa().isActive("alice@acme.test"));

        type("code", totp.codeAt(clock.instant()));
        click("save");
        assertPath("/mfa/recovery-codes");
        List<String> recoveryCodes = browser.findElements(By.cssSelector("#recovery-codes li")).stream()
                .map(WebElement::getText).toList();
        assertEquals(10, recoveryCodes.size(), recoveryCodes::toString);
        String download = fetchWithBrowserCookie("/mfa/recovery-codes.txt");
        recoveryCodes.forEach(c -> assertTrue(download.contains(c), download));

        // Then the portal signs the user out, so the next sign-in asks for a code.
        click("done");
        assertPath("/login");
        assertTrue(text("notice").contains("Sign in again"), text("notice"));

        clock.advance(Duration.ofSeconds(30));
        signIn("alice@acme.test", "alice-demo-password");
        assertPath("/login/code");
        screenshot("mfa-code.png");
        String code = totp.codeAt(clock.instant());
        type("code", code);
        click("verify");
        assertPath("/account");
        assertTrue(text("mfa").contains("Two-step verification is on"));

        // The same code again, in the same time step, after signing out: refused as replayed.
        click("sign-out");
        signIn("alice@acme.test", "alice-demo-password");
        type("code", code);
        click("verify");
        assertPath("/login/code");
        assertTrue(text("error").contains("already used"), text("error"));

        // Wrong codes until the account locks; the message says until when, and a right code waits too.
        String lockMessage = null;
        for (int i = 0; i < 12 && lockMessage == null; i++) {
            type("code", wrong(totp.codeAt(clock.instant())));
            click("verify");
            String error = text("error");
            if (error.contains("Too many wrong codes")) {
                lockMessage = error;
            } else {
                assertTrue(error.contains("not right"), error);
            }
        }
        if (lockMessage == null) {
            fail("no lockout after 12 wrong codes");
        }
        Matcher until = LOCKED_UNTIL.matcher(lockMessage);
        assertTrue(until.find(), lockMessage);
        Instant lockedUntil = LocalDateTime.parse(until.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                .toInstant(ZoneOffset.UTC);
        assertTrue(lockedUntil.isAfter(clock.instant()), lockMessage);
        type("code", totp.codeAt(clock.instant()));
        click("verify");
        assertTrue(text("error").contains("Too many wrong codes"), text("error"));

        // After the lockout: a recovery code signs in once, and says how many remain.
        clock.advance(Duration.between(clock.instant(), lockedUntil).plusSeconds(1));
        click("use-recovery");
        assertPath("/login/recovery");
        type("recovery-code", recoveryCodes.get(0));
        click("recover");
        assertPath("/account");
        assertTrue(text("notice").contains("9 recovery codes remain"), text("notice"));

        // Disable, proven with a current code.
        click("disable-mfa");
        assertPath("/mfa/disable");
        clock.advance(Duration.ofSeconds(30));
        type("code", totp.codeAt(clock.instant()));
        click("confirm-disable");
        assertPath("/account");
        assertTrue(text("notice").contains("off"), text("notice"));
        assertTrue(text("mfa").contains("Two-step verification is off"));
        assertFalse(server.mfa().isActive("alice@acme.test"));

        click("sign-out");
        signIn("alice@acme.test", "alice-demo-password");
        assertPath("/account");
    }

    @Test
    void aUserOfAnEnforcingOrganisationMustSetUpMfaBeforeAnythingElse() throws Exception {
        signIn("carol@initech.test", "carol-demo-password");
        assertPath("/mfa/setup");
        assertTrue(browser.getPageSource().contains("Initech requires two-step verification"));
        for (String elsewhere : new String[] {"/account", "/mfa/disable", "/admin", "/admin/audit", "/"}) {
            browser.get(base + elsewhere);
            assertPath("/mfa/setup");
        }
        assertTrue(browser.findElements(By.linkText("My account")).isEmpty(), "no way out of the wizard");

        Totp totp = totpFromQrCodeOnPage();
        type("code", totp.codeAt(clock.instant()));
        click("save");
        assertPath("/mfa/recovery-codes");
        click("done");

        clock.advance(Duration.ofSeconds(30));
        signIn("carol@initech.test", "carol-demo-password");
        assertPath("/login/code");
        type("code", totp.codeAt(clock.instant()));
        click("verify");
        assertPath("/account");
        assertTrue(text("mfa").contains("Initech requires it"), text("mfa"));
        assertTrue(browser.findElements(By.id("disable-mfa")).isEmpty());
        click("sign-out");

        // An administrator resets Carol's MFA (she lost her phone and her codes); the audit log shows it.
        signIn("admin@acme.test", "admin-demo-password");
        browser.get(base + "/admin");
        click("reset-carol@initech.test");
        assertTrue(text("notice").contains("carol@initech.test was reset"), text("notice"));
        browser.get(base + "/admin/audit");
        String audit = text("audit");
        assertTrue(audit.contains("RESET") && audit.contains("carol@initech.test"), audit);
        click("sign-out");

        // So her next sign-in is the wizard again.
        signIn("carol@initech.test", "carol-demo-password");
        assertPath("/mfa/setup");
    }

    // ---------------------------------------------------------------- helpers

    private static void signIn(String email, String password) {
        browser.get(base + "/login");
        type("email", email);
        type("password", password);
        click("sign-in");
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
        // Mid-navigation Chromium may answer "node does not belong to the document": not stale yet, ask again.
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(page));
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void assertPath(String path) {
        assertEquals(path, URI.create(browser.getCurrentUrl()).getPath(), () -> browser.getPageSource());
    }

    /** The same length, every digit changed: never the right code. */
    private static String wrong(String code) {
        StringBuilder sb = new StringBuilder();
        for (char c : code.toCharArray()) {
            sb.append((char) ('0' + (c - '0' + 5) % 10));
        }
        return sb.toString();
    }

    /** Screenshots the QR code image as the browser shows it, decodes it, and builds the TOTP it describes. */
    private static Totp totpFromQrCodeOnPage() throws IOException, NotFoundException, com.google.zxing.FormatException,
            com.google.zxing.ChecksumException {
        byte[] png = browser.findElement(By.id("qr")).getScreenshotAs(OutputType.BYTES);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        String text = new QRCodeReader().decode(
                new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        assertTrue(text.startsWith("otpauth://totp/"), text);
        return totpOf(text);
    }

    /** The TOTP an authenticator app would set up from this URI. */
    private static Totp totpOf(String otpauthUri) {
        OtpAuthUri uri = OtpAuthUri.parse(otpauthUri);
        assertEquals(Optional.of("Kairos Demo"), uri.issuer());
        return Totp.of(uri.secret(), uri.totpParameters().orElseThrow());
    }

    private static String fetchWithBrowserCookie(String path) throws IOException, InterruptedException {
        String cookie = browser.manage().getCookieNamed(Sessions.COOKIE).getValue();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Cookie", Sessions.COOKIE + "=" + cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertNotEquals(-1, r.headers().firstValue("Content-Disposition").orElse("").indexOf("attachment"));
        return r.body();
    }

    private static void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
