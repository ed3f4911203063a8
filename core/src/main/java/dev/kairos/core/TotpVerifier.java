package dev.kairos.core;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks TOTP codes: inside a {@link SkewWindow} around the current step of a {@link Clock}, and at most once per
 * credential, either through a {@link ReplayGuard} ({@link #verify}) or against a last accepted step the caller
 * stores itself ({@link #verifyAfter}, e.g. in a database row updated by compare-and-set).
 *
 * <p>Verification does the same work whatever the code's value: it computes the code of every step in the window
 * (no early exit), compares them as integers, and selects the match without branching on the comparison. A
 * malformed code is refused before any HMAC is computed, which reveals only that it was malformed.
 *
 * <p>How the comparison stays constant time: for each step, {@code diff = value(step) ^ given} is zero only for a
 * match, and {@code (diff - 1) >> 63} turns that into a mask of all ones (both values are below 2<sup>34</sup>, so
 * {@code diff - 1} is negative only when {@code diff} is 0). The first match is kept with masks ({@code step & take |
 * matchedStep & ~take}), never with an {@code if}, so the loop runs the same instructions for a right code at any
 * position in the window and for a wrong one: {@code window.size()} HMACs and as many comparisons. Only what the
 * result itself reveals branches afterwards: a match asks the replay guard (or is compared with the stored step),
 * a miss does not. Steps before the parameters' epoch are skipped, which depends on the clock only.
 * {@code VerificationWorkTest} counts the HMACs of right, wrong, replayed and malformed codes at every window
 * position, for both methods.
 *
 * <p><b>Codes as people type them.</b> A code is {@code digits} decimal digits of any one script (ASCII,
 * full-width, Arabic-Indic, Persian, Devanagari...: {@code Character.getType(c) == DECIMAL_DIGIT_NUMBER}), with
 * single ASCII spaces or hyphens between digits: {@code "123 456"}, {@code "123-456"}, {@code "١٢٣٤٥٦"} and
 * {@code "１２３４５６"} are all the code 123456. They are normalised to the code's value, without allocating,
 * before the constant-time comparison, so a normalised code does exactly the work of an ASCII one. White space
 * around the code, as a paste brings it ({@code " 123456 "}, a tab, a line break, a no-break space), is skipped.
 * Malformed: a separator first, last or doubled ({@code "-123456"}, {@code "123--456"}), digits of two scripts in
 * one code (one keyboard layout types one script; a mix is a sign of
 * confusable tricks), digits outside the Basic Multilingual Plane, and any other character.
 *
 * <p>Immutable and thread-safe; {@link #verify} and {@link #verifyAfter} take no lock and allocate nothing for a
 * rejected code.
 */
public final class TotpVerifier {

    private final Clock clock;
    private final SkewWindow window;
    private final ReplayGuard replayGuard;
    /** The window's drifts, nearest first: 0, -1, +1, -2, +2, ... so the closest match wins. */
    private final int[] drifts;

    /** What {@link #matchedStep} returns when no step of the window has the code (steps are never negative). */
    private static final long NO_MATCH = -1;

    private TotpVerifier(Builder b) {
        this.clock = b.clock;
        this.window = b.window;
        this.replayGuard = b.replayGuard;
        this.drifts = new int[window.size()];
        int n = 0;
        for (int k = 0; k <= Math.max(window.back(), window.ahead()); k++) {
            if (k == 0) {
                drifts[n++] = 0;
                continue;
            }
            if (k <= window.back()) {
                drifts[n++] = -k;
            }
            if (k <= window.ahead()) {
                drifts[n++] = k;
            }
        }
    }

    /**
     * Starts a builder with the defaults: the system UTC clock and a window of one step back and one ahead. The
     * replay guard has no default: choose {@link Builder#replayGuard(ReplayGuard)} or
     * {@link Builder#withoutReplayGuard()} before {@link Builder#build()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks a code for a credential at the clock's current time, and if it is right and new, records its step in
     * the replay guard.
     *
     * @param credentialId identifies the secret for the replay guard (e.g. the account id); not blank
     * @param totp the credential's generator
     * @param code the code the user typed, read as the class comment says ("Codes as people type them");
     *     anything else (null included) is {@link Verification.Reason#MALFORMED}
     * @return {@link Verification.Accepted} with the step and drift, or {@link Verification.Rejected} with
     *     {@code MALFORMED}, {@code WRONG_CODE} or {@code REPLAYED}
     * @throws NullPointerException if {@code credentialId} or {@code totp} is null
     * @throws IllegalArgumentException if {@code credentialId} is blank
     * @throws IllegalStateException if the clock is before the epoch of the TOTP parameters, or if this verifier
     *     was built {@link Builder#withoutReplayGuard()}
     */
    public Verification verify(String credentialId, Totp totp, CharSequence code) {
        checkCredentialId(credentialId);
        Objects.requireNonNull(totp, "totp");
        if (replayGuard == null) {
            throw new IllegalStateException("this verifier was built withoutReplayGuard(): use verifyAfter(totp, code,"
                    + " lastAcceptedStep), or build it with replayGuard(ReplayGuard) to call verify(credentialId, ...)");
        }
        long given = OtpEngine.parse(code, totp.parameters().digits());
        if (given < 0) {
            return Verification.Rejected.of(Verification.Reason.MALFORMED);
        }
        long now = currentStep(totp);
        long matched = matchedStep(totp, given, now);
        if (matched == NO_MATCH) {
            return Verification.Rejected.of(Verification.Reason.WRONG_CODE);
        }
        if (!replayGuard.tryAccept(credentialId, matched)) {
            return Verification.Rejected.of(Verification.Reason.REPLAYED);
        }
        return new Verification.Accepted(matched, (int) (matched - now));
    }

    /**
     * Checks a code at the clock's current time against a stored last accepted step, and records nothing: the
     * caller keeps the replay state (RFC 6238 §5.2) itself, typically as a column written with a compare-and-set
     * in the same update that stores the returned step. The replay guard of this verifier, if any, is neither
     * asked nor changed.
     *
     * <p>The work is the same as {@link #verify}'s: {@code window.size()} HMACs for a right, wrong or replayed
     * code, none for a malformed one, and the comparison by masks without early exit.
     *
     * @param totp the credential's generator
     * @param code the code the user typed, read as the class comment says ("Codes as people type them");
     *     anything else (null included) is {@link Verification.Reason#MALFORMED}
     * @param lastAcceptedStep the time step T of the last code accepted for this credential, or -1 if none was
     * @return {@link Verification.Accepted} with the step and drift if the code matches a step later than
     *     {@code lastAcceptedStep}; {@link Verification.Rejected} with {@code REPLAYED} if it matches that step or
     *     an earlier one, {@code WRONG_CODE} if it matches no step of the window, {@code MALFORMED} if it is no code
     * @throws NullPointerException if {@code totp} is null
     * @throws IllegalArgumentException if {@code lastAcceptedStep} is below -1
     * @throws IllegalStateException if the clock is before the epoch of the TOTP parameters
     */
    public Verification verifyAfter(Totp totp, CharSequence code, long lastAcceptedStep) {
        Objects.requireNonNull(totp, "totp");
        if (lastAcceptedStep < -1) {
            throw new IllegalArgumentException(
                    "lastAcceptedStep must be -1 (none accepted yet) or a time step of 0 or more, got "
                            + lastAcceptedStep);
        }
        long given = OtpEngine.parse(code, totp.parameters().digits());
        if (given < 0) {
            return Verification.Rejected.of(Verification.Reason.MALFORMED);
        }
        long now = currentStep(totp);
        long matched = matchedStep(totp, given, now);
        if (matched == NO_MATCH) {
            return Verification.Rejected.of(Verification.Reason.WRONG_CODE);
        }
        if (matched <= lastAcceptedStep) {
            return Verification.Rejected.of(Verification.Reason.REPLAYED);
        }
        return new Verification.Accepted(matched, (int) (matched - now));
    }

    private long currentStep(Totp totp) {
        try {
            return totp.timeStep(clock.instant());
        } catch (InvalidOtpParametersException e) {
            throw new IllegalStateException("the verifier's clock is before the TOTP epoch", e);
        }
    }

    /**
     * The constant-work loop shared by {@link #verify} and {@link #verifyAfter}: the nearest step of the window
     * whose code is {@code given}, or {@link #NO_MATCH}. See the class comment for why it uses masks.
     */
    private long matchedStep(Totp totp, long given, long now) {
        long found = 0;       // all ones once a match was selected
        long matchedStep = 0;
        // One session for the window: the key's pads are derived once, and wiped when it closes.
        try (HmacSession session = totp.session()) {
            for (int drift : drifts) {
                long step = now + drift;
                if (step < 0) {
                    continue; // before the epoch: no such step (depends on the time only, not on the code)
                }
                long diff = session.value(step) ^ given;
                long equal = (diff - 1) >> 63;      // all ones if diff == 0 (both values are below 2^34)
                long take = equal & ~found;
                matchedStep = (step & take) | (matchedStep & ~take);
                found |= equal;
            }
        }
        // Steps are never negative, so NO_MATCH cannot be a real step; selected by mask, not by a branch.
        return (matchedStep & found) | (NO_MATCH & ~found);
    }

    /**
     * Tells whether a typed code is well formed for a digit count: what {@link #verify} and {@link #verifyAfter}
     * would not refuse as {@link Verification.Reason#MALFORMED} ("Codes as people type them" above). Costs no HMAC
     * and allocates nothing, so a service can refuse garbage before it reads its store.
     *
     * @param code the code as typed, or null (not well formed)
     * @param digits the digit count of the credential's codes, 6 to 10
     * @return true if the input is {@code digits} decimal digits of one script with at most single spaces or
     *     hyphens between them, and at most 16 characters of white space around them
     * @throws IllegalArgumentException if {@code digits} is outside 6 to 10
     */
    public static boolean isWellFormed(CharSequence code, int digits) {
        if (digits < TotpParameters.MIN_DIGITS || digits > TotpParameters.MAX_DIGITS) {
            throw new IllegalArgumentException("digits must be " + TotpParameters.MIN_DIGITS + " to "
                    + TotpParameters.MAX_DIGITS + ", got " + digits);
        }
        return OtpEngine.parse(code, digits) >= 0;
    }

    static void checkCredentialId(String credentialId) {
        Objects.requireNonNull(credentialId, "credentialId");
        if (credentialId.isBlank()) {
            throw new IllegalArgumentException("credentialId must not be blank");
        }
    }

    /**
     * Returns the clock.
     *
     * @return the clock that gives the current time step
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Returns the skew window.
     *
     * @return the steps accepted around the current one
     */
    public SkewWindow window() {
        return window;
    }

    /**
     * Returns the replay guard.
     *
     * @return the guard that {@link #verify} records accepted steps in, or empty if this verifier was built
     *     {@link Builder#withoutReplayGuard()}
     */
    public Optional<ReplayGuard> replayGuard() {
        return Optional.ofNullable(replayGuard);
    }

    @Override
    public String toString() {
        return "TotpVerifier[window=" + window + ", clock=" + clock + ", guard=" + (replayGuard != null ? replayGuard : "none (verifyAfter only)")
                + "]";
    }

    /** Builds a {@link TotpVerifier}. Not thread-safe; the verifier it builds is. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private SkewWindow window = SkewWindow.of(1, 1);
        private ReplayGuard replayGuard;
        /** Whether the guard was chosen, by {@link #replayGuard} or {@link #withoutReplayGuard}. */
        private boolean guardChosen;

        private Builder() {
        }

        /**
         * Sets the clock the current time step is read from.
         *
         * @param clock the clock; default {@link Clock#systemUTC()}
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the skew window.
         *
         * @param window steps accepted before and after the current one; default {@code SkewWindow.of(1, 1)}
         * @return this builder
         * @throws NullPointerException if {@code window} is null
         */
        public Builder window(SkewWindow window) {
            this.window = Objects.requireNonNull(window, "window");
            return this;
        }

        /**
         * Sets the replay guard that {@link TotpVerifier#verify} asks and records accepted steps in. Replaces an
         * earlier {@link #withoutReplayGuard()}.
         *
         * @param replayGuard the guard, e.g. {@link ReplayGuard#inMemory()} (one per verifier: a guard shared
         *     between verifiers shares their accepted steps)
         * @return this builder
         * @throws NullPointerException if {@code replayGuard} is null
         */
        public Builder replayGuard(ReplayGuard replayGuard) {
            this.replayGuard = Objects.requireNonNull(replayGuard, "replayGuard");
            this.guardChosen = true;
            return this;
        }

        /**
         * Builds a verifier without a replay guard, for callers that keep the last accepted step themselves and
         * call only {@link TotpVerifier#verifyAfter}; its {@link TotpVerifier#verify} throws
         * {@link IllegalStateException}. Replaces an earlier {@link #replayGuard(ReplayGuard)}.
         *
         * @return this builder
         */
        public Builder withoutReplayGuard() {
            this.replayGuard = null;
            this.guardChosen = true;
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @return a new verifier
         * @throws IllegalStateException if neither {@link #replayGuard(ReplayGuard)} nor
         *     {@link #withoutReplayGuard()} was called: a verifier silently without replay protection, or with a
         *     guard the caller does not know about, is what this choice prevents (RFC 6238 §5.2)
         */
        public TotpVerifier build() {
            if (!guardChosen) {
                throw new IllegalStateException("choose the replay guard: call replayGuard(ReplayGuard) (e.g."
                        + " ReplayGuard.inMemory()) to use verify(credentialId, ...), or withoutReplayGuard() to"
                        + " use only verifyAfter(totp, code, lastAcceptedStep)");
            }
            return new TotpVerifier(this);
        }
    }
}
