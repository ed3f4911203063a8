package dev.kairos.core;

/**
 * Thrown when a shared secret is malformed or too short. The message says what is wrong (for Base32: which
 * character position) and never contains the secret or any part of it.
 */
public final class InvalidSecretException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, without any part of the secret
     */
    public InvalidSecretException(String message) {
        super(message);
    }
}
