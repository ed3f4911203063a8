package dev.kairos.spring;

/**
 * Kairos cannot start with the configuration it was given; the message names the {@code kairos.*} properties to
 * set or correct, and never contains a key.
 */
public final class KairosConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and which property fixes it
     */
    public KairosConfigurationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong and which property fixes it
     * @param cause the validation error behind it
     */
    public KairosConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
