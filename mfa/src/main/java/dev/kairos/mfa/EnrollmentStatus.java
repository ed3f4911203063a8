package dev.kairos.mfa;

/**
 * Whether an account uses MFA, as {@link Enrollments#status(String)} reports it, so a host can force the set-up
 * wizard at the first sign-in when its policy requires MFA.
 */
public enum EnrollmentStatus {
    /** No enrollment, or only a pending one whose lifetime has passed. */
    NOT_ENROLLED,
    /** Begun and not yet confirmed, within the pending lifetime. */
    PENDING,
    /** Confirmed: a code is required at every sign-in. */
    ACTIVE
}
