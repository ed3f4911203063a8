package dev.kairos.mfa;

/**
 * Thrown when an operation conflicts with the enrollment's state in the store, and nothing was written:
 *
 * <ul>
 *   <li>{@link Enrollments#begin} on an account whose MFA is already active (disable or reset it first): not
 *       retryable;</li>
 *   <li>any operation that lost its compare-and-set on the store too many times in a row (see
 *       {@link Enrollments.Builder#maxAttempts(int)}), because other requests kept changing the same enrollment:
 *       retryable later.</li>
 * </ul>
 */
public final class EnrollmentConflictException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Whether retrying later can succeed: a lost race, not an active enrollment. */
    private final boolean retryable;

    EnrollmentConflictException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    /**
     * Tells whether the same call may succeed later.
     *
     * @return true for a lost race (concurrent requests); false when MFA is already active
     */
    public boolean isRetryable() {
        return retryable;
    }
}
