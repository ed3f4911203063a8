package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium from Debian's packages (never a download: Selenium Manager is told the driver), skipped
 * without the packages unless {@code CI} is set, where a missing browser fails the test. Its {@link #check} runs
 * axe-core (WCAG 2.1 A/AA and best practice) on the page shown and measures it at 320 CSS pixels wide; the findings
 * are collected, and a test asserts {@link #findings()} is empty once its flow is done (all of them at once).
 */
final class Browser implements AutoCloseable {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final List<String> RULES = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice");
    private static final String AXE = "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";

    /** Selenium warns that it has no DevTools bindings for this Chromium; the tests do not use them. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final List<String> findings = new ArrayList<>();
    private String axe;

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /**
     * Starts a browser.
     *
     * @param profile an empty directory for the browser's profile
     */
    static Browser start(Path profile) {
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
                "--disable-sync", "--window-size=1100,1100", "--lang=en",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(service, driver);
    }

    void open(String url) {
        driver.get(url);
    }

    void signIn(String base, String email, String password) {
        driver.get(base + "/login");
        type("email", email);
        type("password", password);
        click("sign-in");
    }

    void signOut(String base) {
        driver.get(base + "/account");
        if (!driver.findElements(By.id("sign-out")).isEmpty()) {
            click("sign-out");
        }
        driver.get(base + "/login");
    }

    void type(String id, String text) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    /** Clicks a button or link and waits until the browser shows the page it leads to. */
    void click(String id) {
        WebElement page = driver.findElement(By.tagName("html"));
        driver.findElement(By.id(id)).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(page));
    }

    /**
     * Posts a form the page does not offer, as someone crafting requests in the browser would: the page's CSRF
     * token (from any form on it) and the fields; waits for the answer.
     */
    void post(String path, String... fieldsAndValues) {
        WebElement page = driver.findElement(By.tagName("html"));
        driver.executeScript("const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
                + "const token = document.querySelector('input[name=_csrf]');"
                + "const fields = arguments[1].slice(); if (token) { fields.push('_csrf', token.value); }"
                + "for (let i = 0; i < fields.length; i += 2) { const input = document.createElement('input');"
                + " input.type = 'hidden'; input.name = fields[i]; input.value = fields[i + 1]; f.appendChild(input); }"
                + "document.body.appendChild(f); f.submit();", path, List.of(fieldsAndValues));
        new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(page));
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    boolean has(String id) {
        return !driver.findElements(By.id(id)).isEmpty();
    }

    void assertPath(String path) {
        assertEquals(path, URI.create(driver.getCurrentUrl()).getPath(), driver::getPageSource);
    }

    String title() {
        return driver.getTitle();
    }

    /**
     * Runs axe-core on the page shown now, then checks that it reflows at 320 CSS pixels (no horizontal scrolling);
     * what either finds is kept in {@link #findings()}, named by {@code page}.
     */
    void check(String page) {
        driver.executeScript(axe());
        @SuppressWarnings("unchecked")
        Map<String, Object> results = (Map<String, Object>) driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
                + ".then(r => done({violations: r.violations.map(v => v.id + ': ' + v.help + ' at '"
                + " + v.nodes.map(n => n.target.join(' ')).join(', '))}))"
                + ".catch(e => done({violations: ['axe failed: ' + e]}));", RULES);
        for (Object violation : (List<?>) results.get("violations")) {
            findings.add(page + ": " + violation);
        }
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 320, "height", 640, "deviceScaleFactor", 1, "mobile", false));
        try {
            Number width = (Number) driver.executeScript("return document.documentElement.scrollWidth;");
            if (width.intValue() > 320) {
                findings.add(page + ": scrolls sideways at 320 px (" + width + " px wide)");
            }
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** What {@link #check} found on every page so far ("page: finding"). */
    List<String> findings() {
        return List.copyOf(findings);
    }

    /** Writes a screenshot of the whole window to {@code target/screenshots/name}. */
    void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }

    private String axe() {
        if (axe == null) {
            try (InputStream in = Browser.class.getResourceAsStream(AXE)) {
                axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("axe-core is a test dependency (" + AXE + ")", e);
            }
        }
        return axe;
    }

    @Override
    public void close() {
        driver.quit();
        service.stop();
    }
}
