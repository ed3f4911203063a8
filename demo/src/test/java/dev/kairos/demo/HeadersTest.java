package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, finding 7: no Content-Security-Policy, Referrer-Policy or Permissions-Policy, a session cookie without
 * SameSite, and a {@code Location} built from the request's {@code Host} header (a forged one sent the user to
 * another site after sign-in).
 */
class HeadersTest {

    private static final Pattern INLINE = Pattern.compile(
            "<script(?![^>]*\\bsrc=)[^>]*>|<style|\\sstyle=|\\son[a-z]+=", Pattern.CASE_INSENSITIVE);

    @TempDir
    static Path data;
    private static Portals portals;
    private static String base;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        portals = new Portals(data);
        base = Portals.base(portals.start(PortalKind.DEVELOPER));
        port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    }

    @AfterAll
    static void stop() {
        portals.close();
    }

    @Test
    void everyPageSendsAPolicyWithoutInlineScriptAndNoReferrerOrFeaturesLeak() throws Exception {
        for (String path : new String[] {"/login", "/style.css", "/no-such-page"}) {
            HttpResponse<String> r = new PortalClient(base).get(path);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertEquals(SecurityConfig.CONTENT_SECURITY_POLICY, csp, path);
            assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
            assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
            assertEquals("same-origin", r.headers().firstValue("Referrer-Policy").orElse(""), path);
            assertTrue(r.headers().firstValue("Permissions-Policy").orElse("").contains("camera=()"), path);
        }
    }

    @Test
    void theDemosPagesHaveNoInlineScriptOrStyleSoThePolicyBreaksNothing() throws Exception {
        PortalClient alice = new PortalClient(base);
        assertFalse(INLINE.matcher(alice.get("/login").body()).find());
        alice.signIn("alice@acme.test", "alice-demo-password");
        for (String path : new String[] {"/account", "/mfa/setup"}) {
            String body = alice.get(path).body();
            assertTrue(body.contains("/style.css"), "control: a page of the demo");
            Matcher inline = INLINE.matcher(body);
            assertFalse(inline.find(), path + ": " + (inline.hitEnd() ? "" : body));
        }
        // Control: the pattern sees inline script.
        assertTrue(INLINE.matcher("<script>alert(1)</script>").find());
        assertTrue(INLINE.matcher("<p style=\"x\">").find());
    }

    @Test
    void theSessionCookieIsSameSiteAndHttpOnly() throws Exception {
        HttpResponse<String> r = new PortalClient(base).get("/login");
        String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("KAIROS_developer_SESSION="))
                .findFirst().orElseThrow(() -> new AssertionError(r.headers().map().toString()));
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
    }

    @Test
    void noRedirectIsBuiltFromAForgedHostHeader() throws Exception {
        String evil = "evil.example:666";
        Raw first = raw("GET /account HTTP/1.1\r\nHost: " + evil + "\r\nAccept: text/html\r\nConnection: close\r\n\r\n");
        assertTrue(first.head().startsWith("HTTP/1.1 302"), first.head());
        assertEquals("/login", first.location(), first.head());
        String session = first.cookie("KAIROS_developer_SESSION");

        Raw form = raw("GET /login HTTP/1.1\r\nHost: " + evil + "\r\nCookie: " + session
                + "\r\nConnection: close\r\n\r\n");
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertTrue(csrf.find(), form.body());
        String body = "_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                + "&email=bob%40acme.test&password=bob-demo-password";
        Raw signedIn = raw("POST /login HTTP/1.1\r\nHost: " + evil + "\r\nCookie: " + session
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body);
        assertTrue(signedIn.head().startsWith("HTTP/1.1 302"), signedIn.head());
        assertTrue(signedIn.location().startsWith("/account"), "the saved request, as a path: " + signedIn.head());
    }

    @Test
    void anAbsoluteLocationKeepsOnlyItsPathQueryAndFragment() {
        assertEquals("/account?x=1#top", RelativeRedirects.relative("http://evil.example:666/account?x=1#top"));
        assertEquals("/", RelativeRedirects.relative("https://evil.example"));
        assertEquals("/login?error", RelativeRedirects.relative("/login?error"));
        assertEquals("/evil", RelativeRedirects.relative("//evil.example/evil"), "scheme-relative is another site");
    }

    private record Raw(String head, String body) {
        String location() {
            Matcher m = Pattern.compile("(?im)^Location: (.*)$").matcher(head);
            return m.find() ? m.group(1).trim() : "";
        }

        String cookie(String name) {
            Matcher m = Pattern.compile("(?im)^Set-Cookie: (" + name + "=[^;]+)").matcher(head);
            if (!m.find()) {
                throw new AssertionError("no " + name + " in " + head);
            }
            return m.group(1);
        }
    }

    private static Raw raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            return new Raw(all.substring(0, split), all.substring(split + 4));
        }
    }
}
