package dev.kairos.mfa;

/**
 * Thrown when a stored secret cannot be opened: its sealed form was altered, belongs to another account, was
 * sealed with a key id the configured {@link KeyRing} does not hold, is sealed while the service is unsealed (or
 * the reverse), or has an unknown format. The stored record is left unchanged. The message names the account and
 * key id, never the secret or the sealed bytes.
 */
public final class SealedSecretException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong
     */
    public SealedSecretException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong
     * @param cause the cryptographic failure
     */
    public SealedSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
