package dev.kairos.store;

/**
 * Thrown when an account id or account label is not acceptable: blank, too long, with leading or trailing
 * whitespace, or with a control character (or, for a label, a {@code ':'}, which the Key URI Format reserves to
 * separate the issuer). The message says what is wrong; it never contains a code or a secret.
 */
public final class InvalidAccountException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and what was expected
     */
    public InvalidAccountException(String message) {
        super(message);
    }
}
