package dev.kairos.spring.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Secret;
import dev.kairos.mfa.Confirmation;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.spring.oidc.sample.Samples;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The three sample apps on real servers, driven by headless Chromium: the client signs users in at the login
 * server (password, then TOTP), reads {@code amr} / {@code acr} / {@code auth_time} from the ID token and UserInfo,
 * meets the resource server's RFC 9470 challenge with a password-only token and steps up with {@code acr_values};
 * {@code max_age=0}, {@code prompt=none}, unknown {@code acr_values}, a replayed code and a forged state get the
 * answers the specs name. Codes come from the secret, computed with kairos-core.
 */
class OidcBrowserFlowTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String MFA = "urn:kairos:acr:mfa";
    private static final String PASSWORD = "urn:kairos:acr:password";

    @TempDir
    static Path profile;

    private static ChromeDriverService service;
    private static ChromeDriver browser;
    private static Samples samples;
    private static Codes alice;

    @BeforeAll
    static void start() throws Exception {
        boolean installed = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        String ci = System.getenv("CI");
        if (!installed && (ci == null || ci.isBlank() || ci.equals("false"))) {
            Assumptions.abort("Skipped: the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian packages chromium and chromium-driver; .ci/run installs them).");
        }
        assertTrue(installed, "CI is set but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing: install the "
                + "Debian packages chromium and chromium-driver (.ci/run does)");
        samples = Samples.start();
        // alice has TOTP (enrolled here through the login server's service, as its own set-up page would);
        // bob has none, so his MFA is optional until a client asks for it.
        Enrollments enrollments = samples.login.getBean(Enrollments.class);
        PendingEnrollment pending = enrollments.begin("alice", "alice").pending().orElseThrow();
        alice = new Codes(pending.secret());
        assertInstanceOf(Confirmation.Confirmed.class, enrollments.confirm("alice", pending.handle(), alice.next()));

        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER); // never let Selenium Manager download one
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1100,1100", "--user-data-dir=" + profile.toAbsolutePath());
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(15));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (samples != null) {
            samples.close();
        }
    }

    /** Each test starts signed out of both the client and the login server. */
    @BeforeEach
    void signOutEverywhere() {
        // Every cookie of every site (deleteAllCookies would clear the current page's site only).
        browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    @Test
    void anEnrolledUserGivesPasswordAndCodeAndTheIdTokenSaysOtpThenMaxAgeZeroAsksForBothAgain() throws Exception {
        browser.get(samples.clientUrl + "/");
        assertAt(samples.loginUrl, "/login");
        signIn("alice", "alice-password");
        assertAt(samples.loginUrl, "/login/totp");
        typeCode(alice.next());

        Map<String, String> first = page(samples.clientUrl, "/");
        assertEquals("alice", first.get("user"));
        assertEquals("pwd otp mfa", first.get("amr"), "RFC 8176: password, one-time password, more than one factor");
        assertEquals(MFA, first.get("acr"));
        assertEquals("[pwd, otp, mfa]", first.get("userinfo_amr"), "UserInfo says what the ID token says");
        assertEquals(MFA, first.get("userinfo_acr"));
        assertEquals("200", visit(samples.clientUrl, "/api-call").get("status"), "an MFA token passes the API");

        // max_age=0 (OpenID Connect Core §3.1.2.1: as prompt=login): the password and the code again, while the
        // login server still has alice's session.
        Instant asked = Instant.now();
        browser.get(samples.clientUrl + "/oauth2/authorization/kairos?max_age=0");
        assertAt(samples.loginUrl, "/login");
        signIn("alice", "alice-password");
        assertAt(samples.loginUrl, "/login/totp");
        typeCode(alice.last());
        assertAt(samples.loginUrl, "/login/totp"); // the replayed code is refused: nothing goes to the client
        assertTrue(browser.findElement(By.id("error")).getText().toLowerCase().contains("already"),
                browser.findElement(By.id("error")).getText());
        typeCode(alice.next());
        Map<String, String> again = page(samples.clientUrl, "/");
        assertEquals("pwd otp mfa", again.get("amr"));
        long authTime = Long.parseLong(again.get("auth_time"));
        assertTrue(authTime >= asked.getEpochSecond() && authTime > Long.parseLong(first.get("auth_time")),
                "auth_time is the fresh sign-in: " + again + " after " + first);
    }

    @Test
    void aPasswordOnlyTokenMeetsTheStepUpChallengeAndTheClientReauthorizesWithAcrValues() throws Exception {
        browser.get(samples.clientUrl + "/");
        assertAt(samples.loginUrl, "/login");
        signIn("bob", "bob-password");
        Map<String, String> before = page(samples.clientUrl, "/");
        assertEquals("pwd", before.get("amr"), "bob has no TOTP and nobody asked for it");
        assertEquals(PASSWORD, before.get("acr"));

        Map<String, String> api = visit(samples.clientUrl, "/api-call");
        assertEquals("401", api.get("status"));
        String challenge = api.get("www-authenticate");
        assertTrue(challenge.startsWith("Bearer error=\"insufficient_user_authentication\""), challenge);
        assertTrue(challenge.contains("acr_values=\"" + MFA + "\""), challenge);

        // prompt=none cannot show the set-up page: the OpenID error, at the client's redirect URI.
        browser.get(samples.clientUrl + "/oauth2/authorization/kairos?prompt=none&acr_values=" + MFA);
        assertEquals("interaction_required", page(samples.clientUrl, "/login/oauth2/code/kairos").get("error"));

        // The client follows the challenge: acr_values makes TOTP required for bob now, set-up first.
        browser.get(samples.clientUrl + "/payments");
        assertAt(samples.loginUrl, "/mfa/setup");
        Codes bob = new Codes(Secret.fromBase32(browser.findElement(By.id("manual-key")).getText()));
        typeCode(bob.next());
        browser.findElement(By.id("continue")).click(); // after the recovery codes: back to the authorization
        Map<String, String> after = page(samples.clientUrl, "/");
        assertEquals("pwd otp mfa", after.get("amr"));
        assertEquals(MFA, after.get("acr"));
        assertEquals("payments of bob", visit(samples.clientUrl, "/payments").get("payments"));
    }

    @Test
    void requestsThatCannotBeSatisfiedGetTheOpenIdErrorAtTheClient() {
        String authorize = samples.clientUrl + "/oauth2/authorization/kairos";
        browser.get(authorize + "?prompt=none");
        assertEquals("login_required", page(samples.clientUrl, "/login/oauth2/code/kairos").get("error"));
        browser.get(authorize + "?acr_values=urn:example:unknown");
        assertEquals("invalid_request", page(samples.clientUrl, "/login/oauth2/code/kairos").get("error"));
        browser.get(authorize + "?max_age=soon");
        assertEquals("invalid_request", page(samples.clientUrl, "/login/oauth2/code/kairos").get("error"));
        // A forged state: the client has no authorization request under it, and refuses.
        browser.get(samples.clientUrl + "/login/oauth2/code/kairos?code=forged&state=forged");
        assertEquals("authorization_request_not_found",
                page(samples.clientUrl, "/login/oauth2/code/kairos").get("error"));
        // A redirect URI the client never registered gets no redirect at all, whatever else is wrong (no open
        // redirect through the error answer).
        browser.get(samples.loginUrl + "/oauth2/authorize?response_type=code&client_id=sample-client&scope=openid"
                + "&state=s&acr_values=urn:example:unknown&redirect_uri=http://localhost:1/elsewhere");
        assertTrue(browser.getCurrentUrl().startsWith(samples.loginUrl), browser.getCurrentUrl());
        // Discovery names the levels a client may ask for.
        browser.get(samples.loginUrl + "/.well-known/openid-configuration");
        String discovery = browser.findElement(By.tagName("body")).getText();
        assertTrue(discovery.contains("\"acr_values_supported\":[\"" + PASSWORD + "\",\"" + MFA + "\"]"), discovery);
        // Control: a known level with a signed-out user is a normal request, which goes on to the password form.
        browser.get(authorize + "?acr_values=" + MFA);
        assertAt(samples.loginUrl, "/login");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void signIn(String user, String password) {
        browser.findElement(By.id("username")).sendKeys(user);
        WebElement field = browser.findElement(By.id("password"));
        field.sendKeys(password);
        field.submit();
    }

    private static void typeCode(String code) {
        WebElement field = browser.findElement(By.id("code"));
        field.clear();
        field.sendKeys(code);
        field.submit();
    }

    private static void assertAt(String site, String path) {
        URI at = URI.create(browser.getCurrentUrl());
        String page = browser.findElement(By.tagName("body")).getText();
        assertEquals(site + path, at.getScheme() + "://" + at.getAuthority() + at.getPath(),
                () -> browser.getCurrentUrl() + "\n" + page.substring(0, Math.min(400, page.length())));
    }

    /** Opens the client's plain-text page at {@code path}. */
    private static Map<String, String> visit(String site, String path) {
        browser.get(site + path);
        return page(site, path);
    }

    /** The client's plain-text page at {@code path}: its {@code name=value} lines. */
    private static Map<String, String> page(String site, String path) {
        assertAt(site, path);
        String text = browser.findElement(By.tagName("body")).getText();
        return Arrays.stream(text.split("\n")).filter(line -> line.contains("="))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
                        line -> line.substring(line.indexOf('=') + 1), (a, b) -> b));
    }
}
