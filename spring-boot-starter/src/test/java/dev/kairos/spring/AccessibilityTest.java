package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.mfa.Enrollments;
import dev.kairos.spring.sample.SampleApplication;
import dev.kairos.store.tck.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Every page of the TOTP factor, reached as a person would in headless Chromium, in English and in Arabic (right
 * to left): each passes axe-core's WCAG 2.1 A and AA and best-practice rules with no violation, reflows at 320 CSS
 * pixels without horizontal scrolling, and has a title of its own. axe-core comes from the
 * {@code org.webjars.npm:axe-core} test dependency and is injected into each page.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "kairos.remembered-browsers.enabled=true")
@Import(TestClock.class)
class AccessibilityTest {

    private static final List<String> RULES = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice");

    private static String axe;

    @TempDir
    Path profile;
    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    Enrollments enrollments;

    private Chromium chromium;
    private ChromeDriver browser;
    /** Page (as the test names it) to its title. */
    private final Map<String, String> titles = new LinkedHashMap<>();

    @BeforeAll
    static void loadAxe() throws IOException {
        try (InputStream in = AccessibilityTest.class.getResourceAsStream(
                "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "ar"})
    void everyPagePassesAxeAndReflowsInEachLanguage(String language) throws Exception {
        clock.advance(Duration.ofMinutes(10));
        enrollments.reset("alice@acme.test", "support");
        try (Chromium started = Chromium.start(profile, language)) {
            chromium = started;
            browser = started.browser;
            browser.get(base() + "/");
            chromium.signIn(base(), "alice@acme.test", "alice-password", false);
            chromium.assertPath("/mfa/setup");
            assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
            assertThat(browser.findElement(By.tagName("html")).getAttribute("dir"))
                    .isEqualTo(language.equals("ar") ? "rtl" : "ltr");
            check("set-up");
            Totp totp = Totp.of(Secret.fromBase32(chromium.text("manual-key")), TotpParameters.defaults());

            submit("code", wrong(totp.codeAt(clock.instant())), "save");
            check("set-up, wrong code");
            assertThat(browser.findElement(By.id("code")).getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(browser.findElement(By.id("code")).getAttribute("aria-describedby")).contains("error");

            submit("code", totp.codeAt(clock.instant()), "save");
            check("recovery codes");
            String recoveryCode = browser.findElements(By.cssSelector("#recovery-codes li")).get(0).getText();
            chromium.click("continue");
            chromium.assertPath("/");

            browser.get(base() + "/mfa/setup");
            check("on");
            submit("code", "12ab56", "disable");
            check("on, not a code");

            clock.advance(Duration.ofSeconds(30));
            chromium.click("sign-out");
            chromium.signIn(base(), "alice@acme.test", "alice-password", false);
            chromium.assertPath("/login/totp");
            check("code"); // with the "don't ask again on this browser" checkbox (remembered browsers are on)
            assertThat(browser.findElements(By.id("remember"))).hasSize(1);
            submit("code", wrong(totp.codeAt(clock.instant())), "verify");
            check("code, wrong code");

            chromium.click("use-recovery");
            check("recovery");
            submit("code", "not-a-recovery-code", "verify");
            check("recovery, not a code");
            submit("code", recoveryCode, "verify");
            chromium.assertPath("/login/recovery"); // the codes left, and a link to new ones (issue 20)
            check("recovery used");
            chromium.click("continue");
            chromium.assertPath("/");

            browser.get(base() + "/mfa/setup");
            chromium.click("browsers"); // the "MFA is on" page links to the remembered browsers
            chromium.assertPath("/mfa/browsers");
            check("remembered browsers");
            chromium.click("sign-out-others");
            check("remembered browsers, signed out");

            clock.advance(Duration.ofSeconds(30));
            browser.get(base() + "/mfa/setup");
            submit("code", totp.codeAt(clock.instant()), "disable");
            check("off");
        }
        // The same page with and without an error shares its title; different pages never do.
        assertThat(titles.entrySet().stream().filter(e -> !e.getKey().contains(","))
                .map(Map.Entry::getValue).distinct().count())
                .as("%s", titles).isEqualTo(titles.keySet().stream().filter(k -> !k.contains(",")).count());
        assertThat(titles.values()).allSatisfy(title -> assertThat(title).endsWith("ACME Corp"));
    }

    /** Runs axe-core on the page shown now, then checks it at 320 CSS pixels wide. */
    private void check(String page) {
        titles.put(page, browser.getTitle());
        browser.executeScript(axe);
        @SuppressWarnings("unchecked")
        Map<String, Object> results = (Map<String, Object>) browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
                + ".then(r => done({violations: r.violations.map(v => v.id + ': ' + v.help + ' at '"
                + " + v.nodes.map(n => n.target.join(' ')).join(', '))}))"
                + ".catch(e => done({violations: ['axe failed: ' + e]}));", RULES);
        assertThat((List<?>) results.get("violations")).as("axe-core on the %s page", page).isEmpty();

        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 320, "height", 640, "deviceScaleFactor", 1, "mobile", false));
        try {
            Object overflow = browser.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(((Number) overflow).intValue()).as("horizontal scrolling at 320 px on the %s page", page)
                    .isLessThanOrEqualTo(0);
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private void submit(String field, String value, String button) {
        chromium.type(field, value);
        chromium.click(button);
    }

    private static String wrong(String code) {
        return (code.charAt(0) == '9' ? "0" : String.valueOf((char) (code.charAt(0) + 1))) + code.substring(1);
    }
}
