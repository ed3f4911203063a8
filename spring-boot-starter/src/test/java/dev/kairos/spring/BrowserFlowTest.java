package dev.kairos.spring;

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
import dev.kairos.core.TotpParameters;
import dev.kairos.mfa.Enrollments;
import dev.kairos.spring.sample.SampleApplication;
import dev.kairos.store.tck.MutableClock;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.text.MessageFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The sample application on a real embedded server, driven by headless Chromium as a person would: the password,
 * the forced set-up with the QR code read from a screenshot (zxing), the recovery codes, signing out, the password
 * and a TOTP code, and a replayed code refused; a recovery sign-in, its warning and new recovery codes. Time is a
 * {@link MutableClock} the test moves. In English here, in German in {@link BrowserFlowGermanTest}: the pages' sentences the test
 * reads are the bundle's texts in the browser's language.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClock.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserFlowTest {

    @TempDir
    static Path profile;

    private static Chromium chromium;
    private static ChromeDriver browser;
    private ResourceBundle texts;

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    Enrollments enrollments;

    /** The browser's language ({@code --lang} and {@code Accept-Language}). */
    String language() {
        return "en";
    }

    @BeforeAll
    void startBrowser() {
        chromium = Chromium.start(profile, language());
        browser = chromium.browser;
        texts = ResourceBundle.getBundle("dev.kairos.spring.messages", Locale.forLanguageTag(language()),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    @AfterAll
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anEnforcedUserSetsUpTotpRightAfterThePasswordThenSignsInWithACodeThatCannotBeReplayed() throws Exception {
        enrollments.reset("alice@acme.test", "support"); // the context (and its store) is shared with other classes
        browser.manage().deleteAllCookies();
        browser.get(base() + "/");
        chromium.assertPath("/login");
        chromium.signIn(base(), "alice@acme.test", "alice-password", false);
        chromium.assertPath("/mfa/setup");
        assertEquals("ACME Corp", chromium.text("issuer"));
        assertEquals("alice@acme.test", chromium.text("account"));
        Totp totp = totpFromQrCodeOnPage();
        assertEquals(totp.secret(), Secret.fromBase32(chromium.text("manual-key")), "the QR code and the key are one secret");

        chromium.type("code", totp.codeAt(clock.instant()));
        chromium.click("save");
        List<String> recoveryCodes = browser.findElements(By.cssSelector("#recovery-codes li")).stream()
                .map(WebElement::getText).toList();
        assertEquals(10, recoveryCodes.size(), () -> browser.getPageSource());
        chromium.click("continue");
        chromium.assertPath("/");
        assertEquals("Hello, alice@acme.test", chromium.body());

        signOut();
        clock.advance(Duration.ofSeconds(30));
        chromium.signIn(base(), "alice@acme.test", "alice-password", false);
        chromium.assertPath("/login/totp");
        String code = totp.codeAt(clock.instant());
        chromium.type("code", code);
        chromium.click("verify");
        chromium.assertPath("/");
        assertEquals("Hello, alice@acme.test", chromium.body());

        // The same code again, in the same time step, after signing out: refused as replayed.
        signOut();
        chromium.signIn(base(), "alice@acme.test", "alice-password", false);
        chromium.assertPath("/login/totp");
        chromium.type("code", code);
        chromium.click("verify");
        chromium.assertPath("/login/totp");
        assertTrue(chromium.text("error").contains(texts.getString("kairos.refusal.replayed")), chromium.text("error"));
        browser.get(base() + "/");
        chromium.assertPath("/login/totp");
    }

    @Test
    void aRecoverySignInWarnsOfTheCodesLeftAndTheUserRenewsThemWithACode() throws Exception {
        enrollments.reset("bob@example.test", "support");
        browser.manage().deleteAllCookies();
        chromium.signIn(base(), "bob@example.test", "bob-password", false);
        browser.get(base() + "/mfa/setup");
        Totp totp = Totp.of(Secret.fromBase32(chromium.text("manual-key")), TotpParameters.defaults());
        chromium.type("code", totp.codeAt(clock.instant()));
        chromium.click("save");
        List<String> old = browser.findElements(By.cssSelector("#recovery-codes li")).stream()
                .map(WebElement::getText).toList();
        assertEquals(10, old.size(), () -> browser.getPageSource());

        // The phone is lost: a recovery code signs in, and the page says how many are left.
        signOut();
        clock.advance(Duration.ofSeconds(30));
        chromium.signIn(base(), "bob@example.test", "bob-password", false);
        chromium.assertPath("/login/totp");
        chromium.click("use-recovery");
        chromium.type("code", old.get(0));
        chromium.click("verify");
        assertTrue(chromium.text("notice").contains(notice(9)), chromium.text("notice"));

        // New codes for a current code (the phone was found, or a new one set up), shown once.
        chromium.click("renew");
        chromium.assertPath("/mfa/recovery-codes");
        assertTrue(chromium.text("remaining").contains("9"), chromium.text("remaining"));
        chromium.type("code", totp.codeAt(clock.instant()));
        chromium.click("renew");
        List<String> fresh = browser.findElements(By.cssSelector("#recovery-codes li")).stream()
                .map(WebElement::getText).toList();
        assertEquals(10, fresh.size(), () -> browser.getPageSource());
        assertTrue(fresh.stream().noneMatch(old::contains));
        chromium.click("continue");
        chromium.assertPath("/");

        // Every old code stopped working; a new one works.
        signOut();
        chromium.signIn(base(), "bob@example.test", "bob-password", false);
        browser.get(base() + "/login/recovery");
        chromium.type("code", old.get(1));
        chromium.click("verify");
        chromium.assertPath("/login/recovery");
        assertTrue(browser.findElements(By.id("error")).size() == 1, () -> browser.getPageSource());
        chromium.type("code", fresh.get(0));
        chromium.click("verify");
        assertTrue(chromium.text("notice").contains(notice(9)), chromium.text("notice"));
    }

    /** The recovery page's "n left" sentence in the browser's language. */
    private String notice(int left) {
        return new MessageFormat(texts.getString("kairos.recovery-used.notice"), texts.getLocale())
                .format(new Object[] {left});
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Signs out with the button every Kairos page has (a POST with the CSRF token). */
    private void signOut() {
        browser.get(base() + "/mfa/setup");
        chromium.click("sign-out");
        chromium.assertPath("/login");
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
        assertEquals(Optional.of("ACME Corp"), uri.issuer());
        return Totp.of(uri.secret(), uri.totpParameters().orElseThrow());
    }
}
