package dev.kairos.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian's packages for the browser tests: never a download (Selenium Manager is told the
 * driver), skipped without the packages unless {@code CI} is set, where a missing browser fails the test. With the
 * steps every browser test takes (type, click and wait for the next page, read, sign in).
 */
final class Chromium implements AutoCloseable {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    /** Selenium warns that it has no DevTools bindings for this Chromium; the tests do not use them. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    final ChromeDriver browser;
    private final ChromeDriverService service;

    private Chromium(ChromeDriverService service, ChromeDriver browser) {
        this.service = service;
        this.browser = browser;
    }

    /**
     * Starts a browser whose {@code Accept-Language} is {@code language}.
     *
     * @param profile an empty directory for the browser's profile
     */
    static Chromium start(Path profile, String language) {
        boolean installed = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        String ci = System.getenv("CI");
        if (!installed && (ci == null || ci.isBlank() || ci.equals("false"))) {
            Assumptions.abort("Skipped: the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian packages chromium and chromium-driver; .ci/run installs them).");
        }
        assertTrue(installed, "CI is set but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing: install the "
                + "Debian packages chromium and chromium-driver (.ci/run does)");
        SELENIUM_LOG.setLevel(Level.SEVERE);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER); // never let Selenium Manager download one
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1100,1100", "--lang=" + language,
                "--user-data-dir=" + profile.toAbsolutePath());
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(15));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Chromium(service, browser);
    }

    /** Types {@code text} into the field with this id, replacing what it held. */
    void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Clicks the button or link with this id and waits until the browser shows the page it leads to. */
    void click(String id) {
        click(By.id(id));
    }

    /** Clicks what {@code target} finds and waits until the browser shows the page it leads to. */
    void click(By target) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(target).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(page));
    }

    /** The text of the element with this id. */
    String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** The text of the whole page. */
    String body() {
        return browser.findElement(By.tagName("body")).getText();
    }

    /** Asserts the path of the page shown; the message is the page's source. */
    void assertPath(String path) {
        assertEquals(path, URI.create(browser.getCurrentUrl()).getPath(), () -> browser.getPageSource());
    }

    /**
     * Signs in on Spring Security's password form ({@code base + "/login"}, opened unless it is shown already),
     * ticking "remember me" if asked, and waits for the page the form leads to.
     */
    void signIn(String base, String user, String password, boolean rememberMe) {
        if (!URI.create(browser.getCurrentUrl()).getPath().equals("/login")) {
            browser.get(base + "/login");
        }
        type("username", user);
        type("password", password);
        if (rememberMe) {
            browser.findElement(By.name("remember-me")).click();
        }
        click(By.cssSelector("button[type=submit]"));
    }

    @Override
    public void close() {
        browser.quit();
        service.stop();
    }
}
