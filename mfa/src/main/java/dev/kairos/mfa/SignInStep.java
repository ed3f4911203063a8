package dev.kairos.mfa;

/**
 * What a sign-in needs after the password, as {@link Enrollments#signInStep} answers it in one call.
 * {@link Outcome.NotEnrolled} is never "passed" when the host requires MFA: that is {@link #SET_UP}.
 */
public enum SignInStep {
    /** MFA is active: ask for a code from the authenticator app (or a recovery code). */
    CODE,
    /** MFA is required by the host's policy but not active: send the user to set it up before letting them in. */
    SET_UP,
    /** MFA is neither active nor required: the password was enough. */
    NONE
}
