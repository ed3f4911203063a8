package dev.kairos.core;

/**
 * Thrown when an {@code otpauth://} Key URI is malformed, or when an {@link OtpAuthUri} cannot be built from the
 * given parts. The message names the part that is wrong (scheme, type, label, account, issuer, or the parameter by
 * name) and what was expected. It never contains the secret or any part of it: problems with the {@code secret}
 * parameter are reported by position only.
 */
public final class InvalidOtpAuthUriException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and what was expected, without any part of the secret
     */
    public InvalidOtpAuthUriException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the error that caused it.
     *
     * @param message what is wrong and what was expected, without any part of the secret
     * @param cause the underlying error, e.g. an {@link InvalidSecretException}
     */
    public InvalidOtpAuthUriException(String message, Throwable cause) {
        super(message, cause);
    }
}
