package dev.kairos.spring;

import java.util.Locale;
import org.springframework.security.core.AuthenticationException;

/**
 * A JSON API request that cannot carry a code at all (not JSON, too large, a field missing): answered with a
 * problem of its own status before any code is checked, and never counted. An {@code AuthenticationException} so
 * that a processing filter hands it to its failure handler like any refusal; its message names what is wrong and
 * never echoes the body.
 */
final class ApiRequestException extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    /** What was wrong with the request, each with its HTTP status. */
    enum Kind {
        /** The body is not {@code application/json} (RFC 9110 §15.5.16). */
        UNSUPPORTED_MEDIA_TYPE(415),
        /** The body is larger than {@link ApiJson#MAX_BODY} bytes (RFC 9110 §15.5.14). */
        TOO_LARGE(413),
        /** The body is not a JSON object, or a field is missing or not a string. */
        BAD_REQUEST(400);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        int status() {
            return status;
        }

        /** The problem type's last segment, e.g. {@code unsupported-media-type}. */
        String slug() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Kind kind;

    ApiRequestException(Kind kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
