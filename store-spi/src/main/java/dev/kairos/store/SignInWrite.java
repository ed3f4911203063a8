package dev.kairos.store;

import java.util.Objects;

/**
 * What {@link EnrollmentStore#replaceSignInIfVersion} did: {@link Written}, {@link Lost} (another sign-in wrote first;
 * here is the state it left) or {@link Stale} (the record changed otherwise, or is gone: read it again).
 */
public sealed interface SignInWrite {

    /** The sign-in state was written: the record is now the one given. */
    record Written() implements SignInWrite {
    }

    /**
     * Not written: the stored version was not the expected one, but the generation was the caller's, so the record is
     * the caller's with this sign-in state. The caller can decide again without reading.
     *
     * @param current the stored sign-in state when the write was refused
     */
    record Lost(SignInState current) implements SignInWrite {
        /**
         * Validates.
         *
         * @param current the stored sign-in state
         * @throws NullPointerException if {@code current} is null
         */
        public Lost {
            Objects.requireNonNull(current, "current");
        }
    }

    /**
     * Not written: the record is gone, was replaced by a whole-record write (another generation), or the store cannot
     * tell; the caller reads it again before deciding.
     */
    record Stale() implements SignInWrite {
    }
}
