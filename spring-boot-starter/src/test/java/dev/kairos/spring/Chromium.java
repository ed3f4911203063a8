package dev.kairos.spring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's packages for the browser tests: never a download (Selenium Manager is told the
 * driver), skipped without the packages unless {@code CI} is set, where a missing browser fails the test.
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

    @Override
    public void close() {
        browser.quit();
        service.stop();
    }
}
