package dev.kairos.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kairos.core.Totp;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.spring.stepup.StepUpApplication;
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
 * Step-up in headless Chromium on {@link StepUpApplication} ({@code kairos.step-up.paths=/account/**}, 5 minutes):
 * the code after the password leads to the page asked for; 6 minutes later that page asks for a current code on
 * the code page, a wrong one is refused there, and the right one leads back to the page, while other pages never
 * asked.
 */
@SpringBootTest(classes = StepUpApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"kairos.step-up.paths=/account/**", "kairos.step-up.within=5m"})
@Import(TestClock.class)
class StepUpBrowserTest {

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
    void aStaleCodeIsAskedForAgainOnTheCodePageAndTheUserComesBackToThePageAskedFor() {
        enrollments.reset("ann@example.test", "support");
        PendingEnrollment p = enrollments.begin("ann@example.test", "ann@example.test").pending().orElseThrow();
        Totp totp = Totp.of(p.secret(), p.parameters());
        enrollments.confirm("ann@example.test", p.handle(), totp.codeAt(clock.instant()));
        clock.advance(Duration.ofSeconds(30));
        browser.manage().deleteAllCookies();

        browser.get(base() + "/account/email");
        assertPath("/login");
        type("username", "ann@example.test");
        type("password", "ann-password");
        click(By.cssSelector("button[type=submit]"));
        assertPath("/login/totp");
        type("code", totp.codeAt(clock.instant()));
        click(By.id("verify"));
        assertPath("/account/email");
        assertEquals("E-mail settings of ann@example.test", body());

        clock.advance(Duration.ofMinutes(6));
        browser.get(base() + "/");
        assertEquals("Hello, ann@example.test", body()); // no step-up there
        browser.get(base() + "/account/email");
        assertPath("/login/totp");
        String now = totp.codeAt(clock.instant());
        type("code", TestCodes.wrong(now));
        click(By.id("verify"));
        assertPath("/login/totp");
        assertFalse(browser.findElement(By.id("error")).getText().isBlank());
        type("code", now);
        click(By.id("verify"));
        assertPath("/account/email");
        assertEquals("E-mail settings of ann@example.test", body());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static String body() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private static void type(String id, String text) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    private static void click(By button) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(button).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(page));
    }

    private static void assertPath(String path) {
        assertEquals(path, URI.create(browser.getCurrentUrl()).getPath(), () -> browser.getPageSource());
    }
}
