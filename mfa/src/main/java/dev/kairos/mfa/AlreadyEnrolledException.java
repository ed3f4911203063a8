package dev.kairos.mfa;

/**
 * Thrown by {@link Enrollments#begin(String, String)} when the account already has an active enrollment: a new
 * secret must never silently replace the one the user's app holds. Disable MFA first (with a code or a recovery
 * code), or let support staff {@link Enrollments#reset(String, String) reset} it.
 */
public final class AlreadyEnrolledException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and what to do instead
     */
    public AlreadyEnrolledException(String message) {
        super(message);
    }
}
