package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON API's reading and writing on its own, on mock requests (JsonApiMockMvcTest runs it through the filter
 * chain): the body's type, size and shape, each refusal's kind, a problem's members and headers, and Retry-After
 * rounded up to whole seconds.
 */
class ApiJsonTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    final JsonMapper mapper = new JsonMapper();
    final ApiJson json = new ApiJson(mapper, new KairosMessages(Optional.empty()), request -> Locale.ENGLISH,
            Clock.fixed(NOW, ZoneOffset.UTC));

    static MockHttpServletRequest post(String contentType, String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mfa/api/verify");
        if (contentType != null) {
            request.setContentType(contentType);
        }
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    static ApiRequestException.Kind refusal(ApiJson json, MockHttpServletRequest request, String field) {
        try {
            json.field(request, field);
        } catch (ApiRequestException e) {
            assertThat(e.getMessage()).doesNotContain("123456").doesNotContain("secret-value");
            return e.kind();
        }
        throw new AssertionError("accepted: " + field);
    }

    @Test
    void aStringFieldOfAJsonObjectIsReadAndTheParsedBodyServesTheNextFieldWithoutReadingAgain() throws Exception {
        MockHttpServletRequest request = post("application/json;charset=UTF-8",
                "{\"code\":\"123456\",\"remember\":true,\"other\":false}");
        assertThat(json.field(request, "code")).isEqualTo("123456");
        assertThat(json.flag(request, "remember")).isTrue();
        assertThat(json.flag(request, "other")).isFalse();
        assertThat(json.flag(request, "absent")).isFalse();
        assertThat(json.flag(request, "code")).as("a string is not a flag").isFalse();
        // the stream is spent; the cached body still answers
        assertThat(request.getInputStream().read()).isEqualTo(-1);
        assertThat(json.field(request, "code")).isEqualTo("123456");
        assertThat(json.flag(post("application/json", "{\"remember\":true}"), "remember"))
                .as("an unread body has no flags").isFalse();
    }

    @Test
    void eachBadBodyIsItsOwnRefusalAndNoneQuotesWhatWasSent() {
        ApiRequestException.Kind media = ApiRequestException.Kind.UNSUPPORTED_MEDIA_TYPE;
        ApiRequestException.Kind bad = ApiRequestException.Kind.BAD_REQUEST;
        String[][] cases = {
            // content type, body, the refusal
            {null, "{\"code\":\"123456\"}", media.name()},
            {"text/plain", "{\"code\":\"123456\"}", media.name()},
            {"application/*", "{\"code\":\"123456\"}", media.name()},
            {"not a media type", "{}", media.name()},
            {"application/json", "{\"code\":\"123456\"", bad.name()},
            {"application/json", "[\"123456\"]", bad.name()},
            {"application/json", "", bad.name()},
            {"application/json", "{\"code\":null}", bad.name()},
            {"application/json", "{\"code\":123456}", bad.name()},
            {"application/json", "{\"secret\":\"secret-value\"}", bad.name()},
        };
        for (String[] c : cases) {
            assertThat(refusal(json, post(c[0], c[1]), "code")).as(c[0] + " " + c[1])
                    .isEqualTo(ApiRequestException.Kind.valueOf(c[2]));
        }
    }

    @Test
    void aBodyOfExactlyTheLimitIsReadAndOneByteMoreIsTooLargeWithOrWithoutALength() {
        String prefix = "{\"code\":\"123456\",\"pad\":\"";
        String exact = prefix + "x".repeat(ApiJson.MAX_BODY - prefix.length() - 2) + "\"}";
        assertThat(exact.length()).isEqualTo(ApiJson.MAX_BODY);
        assertThat(json.field(post("application/json", exact), "code")).isEqualTo("123456");

        String over = prefix + "x".repeat(ApiJson.MAX_BODY - prefix.length() - 1) + "\"}";
        assertThat(refusal(json, post("application/json", over), "code"))
                .isEqualTo(ApiRequestException.Kind.TOO_LARGE);
        // a chunked body: no length is announced, so the limit is found by reading
        MockHttpServletRequest chunked = new MockHttpServletRequest("POST", "/mfa/api/verify") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        chunked.setContentType("application/json");
        chunked.setContent(over.getBytes(StandardCharsets.UTF_8));
        assertThat(refusal(json, chunked, "code")).isEqualTo(ApiRequestException.Kind.TOO_LARGE);
    }

    @Test
    void aLockoutProblemHasEveryMemberAndARetryAfterRoundedUpToWholeSeconds() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        Refusal locked = new Refusal(Refusal.Reason.LOCKED_OUT, Refusal.Input.CODE,
                Optional.of(NOW.plusSeconds(90).plusMillis(1)));
        json.problem(new MockHttpServletRequest(), response, locked);

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getHeader("Retry-After")).isEqualTo("91");
        JsonNode problem = mapper.readTree(response.getContentAsByteArray());
        assertThat(problem.get("type").asString()).isEqualTo(ApiJson.PROBLEM_TYPE + "locked-out");
        assertThat(problem.get("title").asString()).isEqualTo("Locked out");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("reason").asString()).isEqualTo("LOCKED_OUT");
        assertThat(problem.get("until").asString()).isEqualTo(NOW.plusSeconds(90).plusMillis(1).toString());
        assertThat(problem.get("detail").asString()).isNotBlank();

        MockHttpServletResponse exact = new MockHttpServletResponse();
        json.problem(new MockHttpServletRequest(), exact, new Refusal(Refusal.Reason.LOCKED_OUT,
                Refusal.Input.CODE, Optional.of(NOW.plusSeconds(30))));
        assertThat(exact.getHeader("Retry-After")).isEqualTo("30");
        MockHttpServletResponse past = new MockHttpServletResponse();
        json.problem(new MockHttpServletRequest(), past, new Refusal(Refusal.Reason.LOCKED_OUT,
                Refusal.Input.CODE, Optional.of(NOW.minusSeconds(5))));
        assertThat(past.getHeader("Retry-After")).as("never less than a second").isEqualTo("1");
    }

    @Test
    void onlyALockoutSaysWhenToRetryAndAnAnswerIsJsonThatIsNeverCached() throws Exception {
        MockHttpServletResponse inProgress = new MockHttpServletResponse();
        json.problem(new MockHttpServletRequest(), inProgress, new Refusal(Refusal.Reason.SETUP_IN_PROGRESS,
                Refusal.Input.CODE, Optional.of(NOW.plusSeconds(600))));
        assertThat(inProgress.getStatus()).isEqualTo(409);
        assertThat(inProgress.getHeader("Retry-After")).isNull();
        assertThat(mapper.readTree(inProgress.getContentAsByteArray()).get("until").asString())
                .isEqualTo(NOW.plusSeconds(600).toString());

        MockHttpServletResponse bad = new MockHttpServletResponse();
        json.problem(bad, new ApiRequestException(ApiRequestException.Kind.TOO_LARGE, "too large"));
        assertThat(bad.getStatus()).isEqualTo(ApiRequestException.Kind.TOO_LARGE.status());
        assertThat(mapper.readTree(bad.getContentAsByteArray()).get("title").asString()).isEqualTo("Too large");

        MockHttpServletResponse answer = new MockHttpServletResponse();
        json.write(answer, 201, Map.of("left", 3));
        assertThat(answer.getStatus()).isEqualTo(201);
        assertThat(answer.getContentType()).isEqualTo("application/json");
        assertThat(answer.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(answer.getContentAsString()).isEqualTo("{\"left\":3}");
        assertThatThrownBy(() -> new ApiJson(null, new KairosMessages(Optional.empty()), r -> Locale.ENGLISH,
                Clock.systemUTC())).isInstanceOf(NullPointerException.class);
    }
}
