package dev.kairos.qr;

/**
 * Thrown when a URI is too long for the largest QR code (version 40) at the chosen error correction level. The
 * message gives the length and the limit, never the URI (it contains the secret).
 */
public final class UriTooLongException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the length of the URI and the limit, without the URI
     * @param cause the encoder's error
     */
    UriTooLongException(String message, Throwable cause) {
        super(message, cause);
    }
}
