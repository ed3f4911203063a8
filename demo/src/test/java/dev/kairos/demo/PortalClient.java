package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A bare HTTP client for the portal: one session cookie, handled by hand so tests can forge and drop it. */
final class PortalClient {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern SET_COOKIE = Pattern.compile(Sessions.COOKIE + "=([^;]*)");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    String cookie;
    String csrf;

    PortalClient(DemoServer server) {
        this.base = "http://127.0.0.1:" + server.port();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        return postRaw(path, encode(form));
    }

    HttpResponse<String> postRaw(String path, String body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            b.header("Cookie", Sessions.COOKIE + "=" + cookie);
        }
        return b;
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        Optional<String> set = r.headers().firstValue("Set-Cookie");
        set.ifPresent(c -> {
            Matcher m = SET_COOKIE.matcher(c);
            if (m.find()) {
                cookie = m.group(1).isEmpty() ? null : m.group(1);
            }
        });
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return r;
    }

    /** Signs in with the password; returns where the portal sends the user next. */
    String signIn(String email, String password) throws IOException, InterruptedException {
        assertEquals(200, get("/login").statusCode());
        HttpResponse<String> r = post("/login", form("email", email, "password", password));
        assertEquals(303, r.statusCode(), r::body);
        String next = r.headers().firstValue("Location").orElseThrow();
        get(next); // picks up the new session's CSRF token
        return next;
    }

    /** A form with this session's CSRF token and the given fields. */
    Map<String, String> form(String... namesAndValues) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("csrf", csrf);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            f.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return f;
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Checks that a response is the clean error page with this status. */
    static void assertCleanError(int status, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r::body);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), "an HTML page");
        assertTrue(r.body().contains("id=\"error-message\""), r::body);
        assertNoStackTrace(r.body());
    }

    static void assertNoStackTrace(String body) {
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains("\tat "), body);
        assertFalse(body.contains("dev.kairos."), body);
        assertFalse(body.contains(".java:"), body);
    }
}
