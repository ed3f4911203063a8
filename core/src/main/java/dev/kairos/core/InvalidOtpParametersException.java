package dev.kairos.core;

/**
 * Thrown when a one-time password parameter (algorithm, number of digits, period, epoch, counter or skew window)
 * is out of its allowed range. The message names the parameter and the allowed range.
 */
public final class InvalidOtpParametersException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and what was expected
     */
    public InvalidOtpParametersException(String message) {
        super(message);
    }
}
