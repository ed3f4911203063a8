package dev.kairos.demo;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One HTTP request: the parsed form, the session, and ways to answer. Not thread-safe; lives for one request. */
final class Request {

    /** Forms here are a few short fields; anything bigger is refused with 413 before it is parsed. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    /** No field of any form is longer than this (a recovery code, an e-mail address, a password). */
    static final int MAX_FIELD_CHARS = 256;
    /** How much of an oversized body is read and dropped so the client can read the 413 page. */
    private static final int MAX_DRAIN_BYTES = 4 * 1024 * 1024;

    private final HttpExchange exchange;
    private Map<String, String> form = Map.of();
    Sessions.Session session;
    private boolean answered;

    Request(HttpExchange exchange) {
        this.exchange = exchange;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String path() {
        return exchange.getRequestURI().getRawPath();
    }

    Optional<String> cookie(String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                    return Optional.of(part.substring(eq + 1).trim());
                }
            }
        }
        return Optional.empty();
    }

    /** Reads and parses an {@code application/x-www-form-urlencoded} body, refusing anything else. */
    void readForm() throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new HttpError(415, "Unsupported form", "This page only accepts HTML form submissions.");
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("The request's Content-Length is not a number.");
            }
            if (declared > MAX_BODY_BYTES) {
                throw tooLarge();
            }
        }
        byte[] body;
        try {
            body = readAtMost(exchange.getRequestBody(), MAX_BODY_BYTES);
        } catch (HttpError e) {
            throw tooLarge();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("The form was not sent as UTF-8.");
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key;
            String value;
            try {
                key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("The form is not correctly encoded.");
            }
            if (value.length() > MAX_FIELD_CHARS) {
                throw HttpError.badRequest("A field of the form is too long.");
            }
            if (fields.putIfAbsent(key, value) != null) {
                throw HttpError.badRequest("A field of the form was sent twice.");
            }
        }
        form = fields;
    }

    /**
     * Refuses an oversized body. The rest of it is read and dropped first (up to a bound): a client still sending
     * would otherwise see the connection reset instead of the 413 page.
     */
    private HttpError tooLarge() {
        try {
            InputStream in = exchange.getRequestBody();
            long left = MAX_DRAIN_BYTES;
            byte[] buf = new byte[8192];
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // The client went away; the 413 is sent if it can be.
        }
        header("Connection", "close");
        return new HttpError(413, "Request too large",
                "The form sent more than " + MAX_BODY_BYTES / 1024 + " KiB; nothing was changed.");
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > max) {
                throw new HttpError(413, "", "");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** A form field, empty if absent. */
    String field(String name) {
        return form.getOrDefault(name, "");
    }

    boolean answered() {
        return answered;
    }

    void html(int status, Html page) throws IOException {
        send(status, "text/html; charset=utf-8", page.markup().getBytes(StandardCharsets.UTF_8));
    }

    void redirect(String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        send(303, null, new byte[0]);
    }

    void header(String name, String value) {
        exchange.getResponseHeaders().add(name, value);
    }

    void setSessionCookie(String id) {
        header("Set-Cookie", Sessions.COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Lax");
    }

    void clearSessionCookie() {
        header("Set-Cookie", Sessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    }

    void send(int status, String contentType, byte[] body) throws IOException {
        if (answered) {
            throw new IllegalStateException("already answered");
        }
        answered = true;
        var h = exchange.getResponseHeaders();
        if (contentType != null) {
            h.set("Content-Type", contentType);
        }
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        // No script at all; images only from here or data: URIs (the QR code).
        h.set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
