package dev.kairos.demo;

/** Ends a request with a clean error page: a status, a title and a sentence for the user (never a stack trace). */
final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String title;

    HttpError(int status, String title, String message) {
        super(message, null, false, false);
        this.status = status;
        this.title = title;
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, "Bad request", message);
    }

    static HttpError forbidden(String message) {
        return new HttpError(403, "Forbidden", message);
    }
}
