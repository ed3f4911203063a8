package dev.kairos.core;

/**
 * The outcome of checking a one-time code: {@link Accepted} or {@link Rejected}. On Java 17, test it with
 * {@code instanceof}; on Java 21 and later a {@code switch} over it is exhaustive:
 *
 * <pre>{@code
 * Verification v = verifier.verify("alice", totp, code);
 * if (v instanceof Verification.Accepted a) {
 *     signIn(a.drift());
 * } else if (v instanceof Verification.Rejected r) {
 *     refuse(r.reason());
 * }
 * }</pre>
 */
public sealed interface Verification permits Verification.Accepted, Verification.Rejected {

    /**
     * Tells whether the code was accepted.
     *
     * @return true for {@link Accepted}
     */
    boolean isAccepted();

    /**
     * The code was right for a step inside the window and that step was not used before.
     *
     * @param timeStep the time step T the code belongs to (for {@link HotpVerifier}: the counter C)
     * @param drift how many steps {@code timeStep} lies from the verifier's current step: negative if the code is
     *     older (the authenticator's clock is behind, or the user was slow), positive if it is ahead
     */
    record Accepted(long timeStep, int drift) implements Verification {
        @Override
        public boolean isAccepted() {
            return true;
        }
    }

    /**
     * The code was refused.
     *
     * @param reason why
     */
    record Rejected(Reason reason) implements Verification {
        private static final Rejected MALFORMED = new Rejected(Reason.MALFORMED);
        private static final Rejected WRONG_CODE = new Rejected(Reason.WRONG_CODE);
        private static final Rejected REPLAYED = new Rejected(Reason.REPLAYED);

        /**
         * Validates the reason.
         *
         * @param reason why
         * @throws NullPointerException if {@code reason} is null
         */
        public Rejected {
            java.util.Objects.requireNonNull(reason, "reason");
        }

        /**
         * Returns the shared instance for a reason (rejections carry no other state, so they need not allocate).
         *
         * @param reason why
         * @return the rejection
         */
        public static Rejected of(Reason reason) {
            return switch (reason) {
                case MALFORMED -> MALFORMED;
                case WRONG_CODE -> WRONG_CODE;
                case REPLAYED -> REPLAYED;
            };
        }

        @Override
        public boolean isAccepted() {
            return false;
        }
    }

    /** Why a code was refused. */
    enum Reason {
        /**
         * Not a code at all: null, empty, the wrong number of digits, digits of two scripts, a separator that is
         * not between two digits, or a character other than a decimal digit, an ASCII space or a hyphen (see
         * {@link TotpVerifier}, "Codes as people type them").
         */
        MALFORMED,
        /** Well formed, but not the code of any step inside the window. */
        WRONG_CODE,
        /** Right, but its step (or a later one) was already accepted for this credential (RFC 6238 §5.2). */
        REPLAYED
    }
}
