package dev.kairos.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import dev.kairos.spring.spa.SpaApplication;
import dev.kairos.store.tck.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The single-page sample ({@link SpaApplication}, {@code /app/}) on the JSON API, driven end to end in headless
 * Chromium, once in English and once in German (the browser's {@code --lang} and {@code Accept-Language}): the
 * password through {@code fetch}, the forced set-up with the key, a wrong code's message, the right code and the
 * recovery codes shown once, the code step of the next sign-in, and turning MFA off. The sentences the sample shows
 * come from the API's problems ({@code detail}), so they must be the bundle's texts in the browser's language;
 * each problem's {@code title} is the same in every language (RFC 9457 §3.1.4: one title per type).
 */
@SpringBootTest(classes = SpaApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClock.class)
class SpaBrowserTest {

    @TempDir
    Path profile;

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    Enrollments enrollments;

    private ChromeDriver browser;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"en, erin@acme.test, erin-password", "de, dave@acme.test, dave-password"})
    void setsUpSignsInWithACodeAndTurnsMfaOffInTheBrowsersLanguage(String language, String account,
            String password) {
        ResourceBundle texts = ResourceBundle.getBundle("dev.kairos.spring.messages", Locale.forLanguageTag(language),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        assertNotEquals("en".equals(language), texts.getLocale().getLanguage().equals("de"));
        enrollments.reset(account, "support");
        clock.advance(Duration.ofMinutes(10)); // a fresh time step, far from other tests' codes
        try (Chromium chromium = Chromium.start(profile, language)) {
            browser = chromium.browser;
            browser.get(base() + "/app/index.html");
            signIn(account, password);

            // The forced set-up: the API's sentence in the browser's language, the key to type into an app.
            waitForText("message", texts.getString("kairos.api.setup-required"));
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> shown("setup") && shown("code"));
            Totp totp = Totp.of(Secret.fromBase32(text("key")), TotpParameters.defaults());
            String now = totp.codeAt(clock.instant());
            submit("code-field", TestCodes.wrong(now));
            waitForText("message", texts.getString("kairos.refusal.wrong-code.code"));
            submit("code-field", now);
            waitForText("hello", "Hello, " + account);
            List<String> recoveryCodes = browser.findElements(By.cssSelector("#recovery-list li")).stream()
                    .map(WebElement::getText).toList();
            assertEquals(10, recoveryCodes.size());
            assertEquals(EnrollmentStatus.ACTIVE, enrollments.status(account));

            // Shown once: the page loaded again shows the greeting, never the codes.
            browser.navigate().refresh();
            waitForText("hello", "Hello, " + account);
            assertTrue(browser.findElements(By.cssSelector("#recovery-list li")).isEmpty());

            // The next sign-in asks for a code.
            browser.manage().deleteAllCookies();
            browser.navigate().refresh();
            clock.advance(Duration.ofSeconds(30));
            signIn(account, password);
            waitForText("message", texts.getString("kairos.api.code-required"));
            assertFalse(shown("setup"));
            submit("code-field", totp.codeAt(clock.instant()));
            waitForText("hello", "Hello, " + account);

            // Turning MFA off: a wrong code is refused in the language, a recovery code turns it off (this session
            // keeps its factor and its greeting).
            submit("disable-code", TestCodes.wrong(totp.codeAt(clock.instant())));
            waitForText("message", texts.getString("kairos.refusal.wrong-code.code-or-recovery-code"));
            submit("disable-code", recoveryCodes.get(0));
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(b -> enrollments.status(account) == EnrollmentStatus.NOT_ENROLLED);
            waitForText("message", "");
            waitForText("hello", "Hello, " + account);
        } finally {
            browser = null;
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private void signIn(String account, String password) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> shown("password"));
        browser.findElement(By.id("username")).sendKeys(account);
        browser.findElement(By.id("password-field")).sendKeys(password);
        browser.findElement(By.cssSelector("#password button")).click();
    }

    private void submit(String field, String code) {
        WebElement input = browser.findElement(By.id(field));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> input.isDisplayed());
        browser.executeScript("document.getElementById('message').textContent = ''");
        input.clear();
        input.sendKeys(code);
        browser.findElement(By.xpath("//input[@id='" + field + "']/ancestor::form//button")).click();
    }

    private boolean shown(String id) {
        return browser.findElement(By.id(id)).isDisplayed();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** Waits until the element shows exactly this text (the sample writes it after its fetch calls). */
    private void waitForText(String id, String expected) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> expected.equals(text(id)));
        } catch (RuntimeException e) {
            assertEquals(expected, text(id), () -> browser.getPageSource());
        }
    }
}
