package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the JSON API reads a request and writes an answer: bodies are {@code application/json} objects of at most
 * {@value #MAX_BODY} bytes whose fields are strings, and refusals are RFC 9457 problems
 * ({@code application/problem+json}) whose {@code detail} is the page's sentence in the request's language and
 * whose {@code reason} a client switches on. Never echoes what was sent. Thread-safe.
 */
final class ApiJson {

    /** The largest body read: a code, a recovery code and the JSON around them fit many times over. */
    static final int MAX_BODY = 1024;

    /** The prefix of every problem type (RFC 4151 tag URIs: stable names that need no web page). */
    static final String PROBLEM_TYPE = "tag:kairos.dev,2026:problem:";

    /** The request attribute caching a parsed body (filters of one request may each read a field). */
    private static final String BODY = ApiJson.class.getName() + ".BODY";

    private final JsonMapper mapper;
    private final KairosMessages messages;
    private final PageLocale locale;
    private final Clock clock;

    ApiJson(JsonMapper mapper, KairosMessages messages, PageLocale locale, Clock clock) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.locale = Objects.requireNonNull(locale, "locale");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The string field {@code name} of the request's JSON object body.
     *
     * @throws ApiRequestException if the body is not JSON, too large, not an object, or has no such string field
     */
    String field(HttpServletRequest request, String name) throws ApiRequestException {
        JsonNode value = body(request).get(name);
        if (value == null || value.isNull()) {
            throw new ApiRequestException(ApiRequestException.Kind.BAD_REQUEST, "the field \"" + name
                    + "\" is missing");
        }
        if (!value.isString()) {
            throw new ApiRequestException(ApiRequestException.Kind.BAD_REQUEST, "the field \"" + name
                    + "\" is not a string");
        }
        return value.asString();
    }

    /**
     * Whether the request's already read JSON body has the field {@code name} set to {@code true}: an optional
     * flag beside a field read with {@link #field} (e.g. {@code "remember": true} beside the code).
     */
    boolean flag(HttpServletRequest request, String name) {
        return request.getAttribute(BODY) instanceof JsonNode body && body.get(name) != null
                && body.get(name).isBoolean() && body.get(name).booleanValue();
    }

    private JsonNode body(HttpServletRequest request) throws ApiRequestException {
        if (request.getAttribute(BODY) instanceof JsonNode cached) {
            return cached;
        }
        if (!isJson(request.getContentType())) {
            throw new ApiRequestException(ApiRequestException.Kind.UNSUPPORTED_MEDIA_TYPE,
                    "the body must be application/json");
        }
        if (request.getContentLengthLong() > MAX_BODY) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1); // a chunked body has no length: read one byte more to know
        } catch (IOException e) {
            throw new ApiRequestException(ApiRequestException.Kind.BAD_REQUEST, "the body could not be read");
        }
        if (bytes.length > MAX_BODY) {
            throw tooLarge();
        }
        JsonNode body;
        try {
            body = mapper.readTree(bytes);
        } catch (JacksonException e) {
            // The parser's message may quote the body: say only what kind of thing is wrong.
            throw new ApiRequestException(ApiRequestException.Kind.BAD_REQUEST, "the body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            throw new ApiRequestException(ApiRequestException.Kind.BAD_REQUEST, "the body must be a JSON object");
        }
        request.setAttribute(BODY, body);
        return body;
    }

    private static ApiRequestException tooLarge() {
        return new ApiRequestException(ApiRequestException.Kind.TOO_LARGE,
                "the body is larger than " + MAX_BODY + " bytes");
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return MediaType.APPLICATION_JSON.isCompatibleWith(type) && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** A text of Kairos's messages in the request's language. */
    String text(String key, HttpServletRequest request) {
        return messages.text(key, locale.of(request));
    }

    /** Writes a JSON answer that is never cached (it may hold a secret or recovery codes). */
    void write(HttpServletResponse response, int status, Map<String, ?> body) throws IOException {
        KairosNavigation.noStore(response);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(mapper.writeValueAsBytes(body));
    }

    /** Writes a refusal as a problem: the reason, the sentence in the request's language, a lockout's end. */
    void problem(HttpServletRequest request, HttpServletResponse response, Refusal refusal) throws IOException {
        Map<String, Object> problem = problem(refusal.reason().name(), refusal.status(),
                Messages.text(refusal, messages, locale.of(request), DateTimeFormatter.ISO_INSTANT));
        refusal.until().ifPresent(until -> {
            problem.put("until", until.toString());
            // RFC 9110 §10.2.3: whole seconds, rounded up so a client that waits them is not refused again.
            Duration wait = Duration.between(clock.instant(), until);
            long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
            if (refusal.lockedOut()) {
                response.setHeader("Retry-After", Long.toString(seconds));
            }
        });
        writeProblem(response, refusal.status(), problem);
    }

    /** Writes a request that could not carry a code as a problem. */
    void problem(HttpServletResponse response, ApiRequestException bad) throws IOException {
        writeProblem(response, bad.kind().status(), problem(bad.kind().name(), bad.kind().status(),
                bad.getMessage()));
    }

    /** A problem's members; {@code reason} is the upper-case name a client switches on. */
    Map<String, Object> problem(String reason, int status, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", PROBLEM_TYPE + reason.toLowerCase(Locale.ROOT).replace('_', '-'));
        problem.put("title", title(reason));
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("reason", reason);
        return problem;
    }

    void writeProblem(HttpServletResponse response, int status, Map<String, ?> problem) throws IOException {
        KairosNavigation.noStore(response);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(mapper.writeValueAsBytes(problem));
    }

    /** RFC 9457 §3.1.4: the title is the same for every occurrence of a type (so English, not the request's). */
    private static String title(String reason) {
        String words = reason.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
