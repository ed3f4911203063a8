package dev.kairos.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kairos.core.Totp;
import dev.kairos.mfa.Enrollments;
import dev.kairos.spring.stepup.StepUpApplication;
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
        Totp totp = TestCodes.enrolled(enrollments, clock, "ann@example.test");
        browser.manage().deleteAllCookies();

        browser.get(base() + "/account/email");
        chromium.assertPath("/login");
        chromium.signIn(base(), "ann@example.test", "ann-password", false);
        chromium.assertPath("/login/totp");
        chromium.type("code", totp.codeAt(clock.instant()));
        chromium.click(By.id("verify"));
        chromium.assertPath("/account/email");
        assertEquals("E-mail settings of ann@example.test", chromium.body());

        clock.advance(Duration.ofMinutes(6));
        browser.get(base() + "/");
        assertEquals("Hello, ann@example.test", chromium.body()); // no step-up there
        browser.get(base() + "/account/email");
        chromium.assertPath("/login/totp");
        String now = totp.codeAt(clock.instant());
        chromium.type("code", TestCodes.wrong(now));
        chromium.click(By.id("verify"));
        chromium.assertPath("/login/totp");
        assertFalse(browser.findElement(By.id("error")).getText().isBlank());
        chromium.type("code", now);
        chromium.click(By.id("verify"));
        chromium.assertPath("/account/email");
        assertEquals("E-mail settings of ann@example.test", chromium.body());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

}
