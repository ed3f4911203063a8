package dev.kairos.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kairos.core.Totp;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.spring.remember.RememberApplication;
import dev.kairos.store.tck.MutableClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Remembered users and remembered browsers on a real embedded server, driven by headless Chromium: a code with
 * "don't ask again" ticked, signing out, the password alone lets the user in; new recovery codes revoke the browser
 * and the code page is back; Spring's "remember me" leads to the code page, not the password form.
 */
@SpringBootTest(classes = RememberApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "kairos.remembered-browsers.enabled=true")
@Import(TestClock.class)
class RememberedBrowserFlowTest {

    @TempDir
    static Path profile;

    private static Chromium chromium;
    private static ChromeDriver browser;

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    Enrollments enrollments;

    @BeforeAll
    static void startBrowser() {
        chromium = Chromium.start(profile, "en");
        browser = chromium.browser;
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private Totp enrolled(String account) {
        enrollments.reset(account, "support");
        PendingEnrollment p = enrollments.begin(account, account).pending().orElseThrow();
        Totp totp = Totp.of(p.secret(), p.parameters());
        enrollments.confirm(account, p.handle(), totp.codeAt(clock.instant()));
        clock.advance(Duration.ofSeconds(30));
        return totp;
    }

    @Test
    void aRememberedBrowserSkipsTheCodeUntilItIsRevoked() {
        Totp totp = enrolled("rita@example.test");
        browser.manage().deleteAllCookies();
        browser.get(base() + "/");
        signIn("rita@example.test", "rita-password", false);
        assertPath("/login/totp");
        type("code", totp.codeAt(clock.instant()));
        browser.findElement(By.id("remember")).click();
        click("verify");
        assertPath("/");
        assertEquals("Hello, rita@example.test", browser.findElement(By.tagName("body")).getText());
        assertNotNull(browser.manage().getCookieNamed("KAIROS_BROWSER"));

        signOut();
        clock.advance(Duration.ofDays(2));
        signIn("rita@example.test", "rita-password", false);
        assertPath("/");
        assertEquals("Hello, rita@example.test", browser.findElement(By.tagName("body")).getText());

        browser.get(base() + "/mfa/browsers");
        assertEquals(1, browser.findElements(By.cssSelector("#browsers li")).size(), () -> browser.getPageSource());

        // New recovery codes revoke every remembered browser: the password is no longer enough.
        clock.advance(Duration.ofSeconds(30));
        enrollments.regenerateRecoveryCodes("rita@example.test", totp.codeAt(clock.instant()));
        signOut();
        signIn("rita@example.test", "rita-password", false);
        assertPath("/login/totp");
        assertNull(browser.manage().getCookieNamed("KAIROS_BROWSER"), "the refused cookie is cleared");
    }

    @Test
    void springsRememberMeLeadsAnEnrolledUserToTheCodePage() {
        Totp totp = enrolled("rob@example.test");
        browser.manage().deleteAllCookies();
        browser.get(base() + "/login");
        signIn("rob@example.test", "rob-password", true);
        assertPath("/login/totp");
        assertNotNull(browser.manage().getCookieNamed("remember-me"));

        browser.manage().deleteCookieNamed("JSESSIONID"); // the browser was closed; remember-me was not
        browser.get(base() + "/");
        assertPath("/login/totp");
        type("code", totp.codeAt(clock.instant()));
        click("verify");
        assertPath("/");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private void signIn(String user, String password, boolean rememberMe) {
        if (!URI.create(browser.getCurrentUrl()).getPath().equals("/login")) {
            browser.get(base() + "/login");
        }
        type("username", user);
        type("password", password);
        if (rememberMe) {
            browser.findElement(By.name("remember-me")).click();
        }
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(page));
    }

    /** Spring Security's own sign-out page (a POST with the CSRF token). */
    private void signOut() {
        browser.get(base() + "/logout");
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(page));
        assertPath("/login");
    }

    private static void type(String id, String text) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    private static void click(String id) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(By.id(id)).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(page));
    }

    private static void assertPath(String path) {
        assertEquals(path, URI.create(browser.getCurrentUrl()).getPath(), () -> browser.getPageSource());
    }
}
