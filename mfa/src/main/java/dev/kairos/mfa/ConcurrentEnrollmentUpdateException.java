package dev.kairos.mfa;

/**
 * Thrown when an operation lost its compare-and-set on the store too many times in a row (see
 * {@link Enrollments.Builder#maxAttempts(int)}), because other requests kept changing the same enrollment. Nothing
 * was written by the failed operation; the caller may retry it later.
 */
public final class ConcurrentEnrollmentUpdateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which operation, which account, how many attempts
     */
    public ConcurrentEnrollmentUpdateException(String message) {
        super(message);
    }
}
