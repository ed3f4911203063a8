package dev.kairos.store;

/** The lifecycle state of a stored enrollment. Stores persist it by {@link #name()}. */
public enum EnrollmentState {
    /** Begun: a secret was created and shown, but the user has not yet proved their app has it. */
    PENDING,
    /** Confirmed: codes from this secret are required and accepted at sign-in. */
    ACTIVE
}
