package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.store.tck.MutableClock;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Issue 24, findings 3 and 4, on the password step itself with client addresses of its choosing: 5 wrong
 * passwords from one address locked the account for every address (so anyone could lock anyone out, the only
 * administrator included), and a real account answered 429 on the 6th try while an unknown one kept answering 401.
 */
class PasswordSignInTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:05Z"));
    private Passwords passwords;
    private KnownBrowsers browsers;
    private AuditLog audit;
    private PasswordSignIn signIn;

    @BeforeEach
    void setUp() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcTemplate db = new JdbcTemplate(h2);
        passwords = new Passwords(1000);
        Directory directory = new Directory(db);
        directory.createIfMissing(passwords);
        PasswordThrottle throttle = new PasswordThrottle(db, clock, new DemoProperties.Throttle(5, 20, 50,
                Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofHours(1)));
        throttle.createIfMissing();
        audit = new AuditLog(db, clock, PortalKind.DEVELOPER);
        audit.createIfMissing();
        browsers = new KnownBrowsers(new byte[32]);
        signIn = new PasswordSignIn(directory, passwords, throttle, browsers, audit,
                new DemoProperties.Hashing(2, Duration.ofSeconds(5)));
    }

    private Object attempt(String email, String password, String address, Cookie... cookies) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login");
        request.setRemoteAddr(address);
        if (cookies.length > 0) {
            request.setCookies(cookies);
        }
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated(email, password);
        token.setDetails(new PasswordSignIn.Details(request));
        try {
            Authentication done = signIn.authenticate(token);
            return done.isAuthenticated() ? "signed in" : "not signed in";
        } catch (AuthenticationException e) {
            return e.getClass();
        }
    }

    /** The answer as the sign-in page shows it: the refusal's kind and its words. */
    private String answer(String email, String password, String address) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login");
        request.setRemoteAddr(address);
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated(email, password);
        token.setDetails(new PasswordSignIn.Details(request));
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> signIn.authenticate(token));
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private Cookie knownBrowserOf(String account) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        browsers.remember(new MockHttpServletRequest(), response, account);
        String header = response.getHeader("Set-Cookie");
        String value = header.substring(header.indexOf('=') + 1, header.indexOf(';'));
        assertTrue(header.contains("HttpOnly") && header.contains("SameSite=Strict"), header);
        return new Cookie(KnownBrowsers.COOKIE, value);
    }

    @Test
    void wrongPasswordsFromOneAddressLockThatAddressOutOfTheAccountNotTheOwnerElsewhere() {
        for (int i = 0; i < 5; i++) {
            assertEquals(BadCredentialsException.class,
                    attempt("nina@northwind.test", "guess-" + i, "203.0.113.66"));
        }
        assertEquals(PasswordSignIn.ThrottledException.class,
                attempt("nina@northwind.test", "nina-demo-password", "203.0.113.66"), "the attacker's address is locked");
        assertEquals("signed in", attempt("nina@northwind.test", "nina-demo-password", "198.51.100.7"),
                "the owner, from her own address, is not");
    }

    @Test
    void manyAddressesCanLockTheAccountForNewBrowsersButNeverTheOwnersKnownBrowser() {
        Cookie owners = knownBrowserOf("admin@acme.test");
        for (int address = 1; address <= 12; address++) {
            for (int i = 0; i < 5; i++) {
                attempt("admin@acme.test", "guess-" + i, "203.0.113." + address);
            }
        }
        assertEquals(PasswordSignIn.ThrottledException.class,
                attempt("admin@acme.test", "admin-demo-password", "198.51.100.7"),
                "60 failures from 12 addresses lock the account for browsers it never used");
        assertEquals("signed in", attempt("admin@acme.test", "admin-demo-password", "198.51.100.7", owners),
                "the owner's known browser is not held by anyone else's failures");
        assertEquals("signed in", attempt("admin@acme.test", "admin-demo-password", "203.0.113.1", owners),
                "not even from a locked address (an office shared with the attacker)");
    }

    @Test
    void aKnownBrowserIsKnownForItsOwnAccountOnlyAndCountsItsOwnFailures() {
        Cookie alices = knownBrowserOf("alice@acme.test");
        Cookie forged = new Cookie(KnownBrowsers.COOKIE, alices.getValue().replaceFirst("^.", "x"));
        for (int i = 0; i < 5; i++) {
            attempt("bob@acme.test", "guess-" + i, "203.0.113.9", alices);
        }
        assertEquals(PasswordSignIn.ThrottledException.class, attempt("bob@acme.test", "bob-demo-password",
                "203.0.113.9", alices), "alice's browser is a stranger to bob's account");
        for (int i = 0; i < 5; i++) {
            attempt("alice@acme.test", "guess-" + i, "203.0.113.10", forged);
        }
        assertEquals(PasswordSignIn.ThrottledException.class,
                attempt("alice@acme.test", "alice-demo-password", "203.0.113.10", forged), "a forged cookie is none");
        for (int i = 0; i < 5; i++) {
            attempt("alice@acme.test", "guess-" + i, "203.0.113.11", alices);
        }
        assertEquals(PasswordSignIn.ThrottledException.class,
                attempt("alice@acme.test", "alice-demo-password", "203.0.113.11", alices),
                "a stolen known-browser cookie still gets only 5 guesses");
    }

    @Test
    void anUnknownAccountAnswersAsARealOneWithTheSameWork() {
        List<Object> real = new ArrayList<>();
        List<Object> unknown = new ArrayList<>();
        long before = passwords.derivations();
        for (int i = 0; i < 8; i++) {
            real.add(answer("bob@acme.test", "guess-" + i, "203.0.113.20"));
        }
        long realWork = passwords.derivations() - before;
        before = passwords.derivations();
        for (int i = 0; i < 8; i++) {
            unknown.add(answer("robert@acme.test", "guess-" + i, "203.0.113.21"));
        }
        long unknownWork = passwords.derivations() - before;
        assertEquals(real, unknown, "the same answers, try by try");
        assertTrue(unknown.get(7).toString().startsWith("ThrottledException"), "control: the throttle was reached");
        assertEquals(realWork, unknownWork, "the same number of PBKDF2 runs");
        assertEquals(5, realWork, "locked attempts are refused before hashing");
    }
}
