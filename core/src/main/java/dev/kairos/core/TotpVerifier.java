package dev.kairos.core;

import java.time.Clock;
import java.util.Objects;

/**
 * Checks TOTP codes: inside a {@link SkewWindow} around the current step of a {@link Clock}, and at most once per
 * credential through a {@link ReplayGuard}.
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
 * result itself reveals branches afterwards: a match asks the replay guard, a miss does not. Steps before the
 * parameters' epoch are skipped, which depends on the clock only. {@code VerificationWorkTest} counts the HMACs of
 * right, wrong, replayed and malformed codes at every window position.
 *
 * <p>Immutable and thread-safe; {@link #verify} takes no lock and, apart from the JDK's {@code Mac.init} when the
 * key changes, allocates nothing for a rejected code.
 */
public final class TotpVerifier {

    private final Clock clock;
    private final SkewWindow window;
    private final ReplayGuard replayGuard;
    /** The window's drifts, nearest first: 0, -1, +1, -2, +2, ... so the closest match wins. */
    private final int[] drifts;

    private TotpVerifier(Builder b) {
        this.clock = b.clock;
        this.window = b.window;
        this.replayGuard = b.replayGuard != null ? b.replayGuard : ReplayGuard.inMemory();
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
     * Starts a builder with the defaults: the system UTC clock, a window of one step back and one ahead, and a new
     * {@link ReplayGuard#inMemory()} guard.
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
     * @param code the code the user typed; anything that is not exactly {@code digits} ASCII digits (null
     *     included) is {@link Verification.Reason#MALFORMED}
     * @return {@link Verification.Accepted} with the step and drift, or {@link Verification.Rejected} with
     *     {@code MALFORMED}, {@code WRONG_CODE} or {@code REPLAYED}
     * @throws NullPointerException if {@code credentialId} or {@code totp} is null
     * @throws IllegalArgumentException if {@code credentialId} is blank
     * @throws IllegalStateException if the clock is before the epoch of the TOTP parameters
     */
    public Verification verify(String credentialId, Totp totp, CharSequence code) {
        checkCredentialId(credentialId);
        Objects.requireNonNull(totp, "totp");
        long given = OtpEngine.parse(code, totp.parameters().digits());
        if (given < 0) {
            return Verification.Rejected.of(Verification.Reason.MALFORMED);
        }
        long now;
        try {
            now = totp.timeStep(clock.instant());
        } catch (InvalidOtpParametersException e) {
            throw new IllegalStateException("the verifier's clock is before the TOTP epoch", e);
        }
        long found = 0;       // all ones once a match was selected
        long matchedStep = 0;
        long matchedDrift = 0;
        for (int drift : drifts) {
            long step = now + drift;
            if (step < 0) {
                continue; // before the epoch: no such step (depends on the time only, not on the code)
            }
            long diff = totp.value(step) ^ given;
            long equal = (diff - 1) >> 63;      // all ones if diff == 0 (both values are below 2^34)
            long take = equal & ~found;
            matchedStep = (step & take) | (matchedStep & ~take);
            matchedDrift = (drift & take) | (matchedDrift & ~take);
            found |= equal;
        }
        if (found == 0) {
            return Verification.Rejected.of(Verification.Reason.WRONG_CODE);
        }
        if (!replayGuard.tryAccept(credentialId, matchedStep)) {
            return Verification.Rejected.of(Verification.Reason.REPLAYED);
        }
        return new Verification.Accepted(matchedStep, (int) matchedDrift);
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
     * @return the guard that records accepted steps
     */
    public ReplayGuard replayGuard() {
        return replayGuard;
    }

    @Override
    public String toString() {
        return "TotpVerifier[window=" + window + ", clock=" + clock + ", guard=" + replayGuard + "]";
    }

    /** Builds a {@link TotpVerifier}. Not thread-safe; the verifier it builds is. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private SkewWindow window = SkewWindow.of(1, 1);
        private ReplayGuard replayGuard;

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
         * Sets the replay guard.
         *
         * @param replayGuard the guard; default a new {@link ReplayGuard#inMemory()} for the built verifier
         * @return this builder
         * @throws NullPointerException if {@code replayGuard} is null
         */
        public Builder replayGuard(ReplayGuard replayGuard) {
            this.replayGuard = Objects.requireNonNull(replayGuard, "replayGuard");
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @return a new verifier
         */
        public TotpVerifier build() {
            return new TotpVerifier(this);
        }
    }
}
