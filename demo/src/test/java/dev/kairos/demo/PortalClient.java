package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One browser's worth of HTTP: its own cookies, the CSRF token of the last page, no redirects followed. */
final class PortalClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http;
    private String csrf = "";

    PortalClient(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "text/html").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return r;
    }

    /** Posts a form with the CSRF token of the last page fetched. */
    HttpResponse<String> post(String path, String... fields) throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", csrf);
        for (int i = 0; i < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "text/html").header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return r;
    }

    /** Signs in with a password; returns the response to the form (a redirect when it was right). */
    HttpResponse<String> signIn(String email, String password) throws IOException, InterruptedException {
        // A session that was ended first gets a redirect to the sign-in page, then the page.
        for (int i = 0; i < 2 && get("/login").statusCode() != 200; i++) {
            // again
        }
        return post("/login", "email", email, "password", password);
    }

    /** Signs in with a password and a code; asserts both were accepted. */
    void signIn(String email, String password, String code) throws IOException, InterruptedException {
        HttpResponse<String> first = signIn(email, password);
        assertEquals(302, first.statusCode(), first.body());
        HttpResponse<String> page = get("/login/totp");
        assertEquals(200, page.statusCode(), page.body());
        HttpResponse<String> r = post("/login/totp", "code", code);
        assertEquals(302, r.statusCode(), r.body());
    }

    static String location(HttpResponse<?> r) {
        String location = r.headers().firstValue("Location").orElse("");
        return location.replaceFirst("^https?://[^/]+", "");
    }

    static void assertNoStackTrace(HttpResponse<String> r) {
        assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
