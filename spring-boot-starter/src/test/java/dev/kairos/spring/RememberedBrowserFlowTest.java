package dev.kairos.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kairos.core.Totp;
import dev.kairos.mfa.Enrollments;
import dev.kairos.spring.remember.RememberApplication;
import dev.kairos.store.tck.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
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

    @Test
    void aRememberedBrowserSkipsTheCodeUntilItIsRevoked() {
        Totp totp = TestCodes.enrolled(enrollments, clock, "rita@example.test");
        browser.manage().deleteAllCookies();
        browser.get(base() + "/");
        chromium.signIn(base(), "rita@example.test", "rita-password", false);
        chromium.assertPath("/login/totp");
        chromium.type("code", totp.codeAt(clock.instant()));
        browser.findElement(By.id("remember")).click();
        chromium.click("verify");
        chromium.assertPath("/");
        assertEquals("Hello, rita@example.test", chromium.body());
        assertNotNull(browser.manage().getCookieNamed("KAIROS_BROWSER"));

        signOut();
        clock.advance(Duration.ofDays(2));
        chromium.signIn(base(), "rita@example.test", "rita-password", false);
        chromium.assertPath("/");
        assertEquals("Hello, rita@example.test", chromium.body());

        browser.get(base() + "/mfa/browsers");
        assertEquals(1, browser.findElements(By.cssSelector("#browsers li")).size(), () -> browser.getPageSource());

        // New recovery codes revoke every remembered browser: the password is no longer enough.
        clock.advance(Duration.ofSeconds(30));
        enrollments.regenerateRecoveryCodes("rita@example.test", totp.codeAt(clock.instant()));
        signOut();
        chromium.signIn(base(), "rita@example.test", "rita-password", false);
        chromium.assertPath("/login/totp");
        assertNull(browser.manage().getCookieNamed("KAIROS_BROWSER"), "the refused cookie is cleared");
    }

    @Test
    void springsRememberMeLeadsAnEnrolledUserToTheCodePage() {
        Totp totp = TestCodes.enrolled(enrollments, clock, "rob@example.test");
        browser.manage().deleteAllCookies();
        browser.get(base() + "/login");
        chromium.signIn(base(), "rob@example.test", "rob-password", true);
        chromium.assertPath("/login/totp");
        assertNotNull(browser.manage().getCookieNamed("remember-me"));

        browser.manage().deleteCookieNamed("JSESSIONID"); // the browser was closed; remember-me was not
        browser.get(base() + "/");
        chromium.assertPath("/login/totp");
        chromium.type("code", totp.codeAt(clock.instant()));
        chromium.click("verify");
        chromium.assertPath("/");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Spring Security's own sign-out page (a POST with the CSRF token). */
    private void signOut() {
        browser.get(base() + "/logout");
        chromium.click(By.cssSelector("button[type=submit]"));
        chromium.assertPath("/login");
    }

}
