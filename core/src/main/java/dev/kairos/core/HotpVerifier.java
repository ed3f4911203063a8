package dev.kairos.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Checks HOTP codes (RFC 4226) from counter-based tokens, e.g. hardware key fobs: with a look-ahead window
 * (§7.4), and resynchronisation from two consecutive codes over a larger window (§7.4, "ask the user for another
 * OTP value").
 *
 * <p><b>The counter.</b> The server keeps, per credential, the next counter value C it expects (§7.2: it is
 * incremented after each successful validation). A token's counter runs ahead of the server's whenever its button
 * is pressed without a sign-in, so a code is accepted if it belongs to any counter in {@code [C, C + lookAhead]};
 * the caller then stores the matched counter plus one, so that neither that code nor any earlier one is accepted
 * again. Two ways to keep C:
 * <ul>
 *   <li>{@link #verify(Hotp, CharSequence, long)} with a counter the caller stores itself (a database column
 *       written by compare-and-set, as {@code TotpVerifier.verifyAfter} does for TOTP): the result is
 *       {@link Verification.Accepted} whose {@code timeStep()} is the matched <em>counter</em> (the field names the
 *       moving factor of either algorithm; one result type for both, so callers handle the outcomes once) and whose
 *       {@code drift()} is how far it lies ahead of C. Store {@code timeStep() + 1}.</li>
 *   <li>{@link #verify(String, Hotp, CharSequence)} with {@link HotpCounters} (one JVM): the check and the advance
 *       are one atomic step; of N threads given the same valid code, exactly one is accepted and the others get
 *       {@code REPLAYED}.</li>
 * </ul>
 * A code of a counter below C is {@code WRONG_CODE} on the first path (no earlier code is computed, so a replay
 * cannot be told from a wrong code) and on the second path outside a race.
 *
 * <p><b>Constant work</b>, as for TOTP: every counter of the window is computed (no early exit), compared as an
 * integer and selected by masks, so a right code anywhere in the window and a wrong one cost the same
 * {@code lookAhead + 1} HMACs ({@code resyncWindow + 2} for a resynchronisation); a malformed code costs none.
 * Codes are read as {@link TotpVerifier} reads them ("Codes as people type them"). The first (lowest) matching
 * counter wins, as in GNU oathtool's {@code --window}.
 *
 * <p><b>The end of the counter.</b> Counters are {@code long}s from 0 to {@code Long.MAX_VALUE - 1} (the next
 * counter after a match must still fit): a window is cut at {@code Long.MAX_VALUE - 1} (which depends on C only,
 * not on the code), and a stored counter of {@code Long.MAX_VALUE} is refused with
 * {@link InvalidOtpParametersException}: the token is used up and must be replaced. Nothing overflows.
 *
 * <p>Immutable and thread-safe.
 */
public final class HotpVerifier {

    /** The largest look-ahead window allowed, in counters. */
    public static final int MAX_LOOK_AHEAD = 100;
    /** The largest resynchronisation window allowed, in counters. */
    public static final int MAX_RESYNC_WINDOW = 1000;
    /** The largest counter a credential can expect: the next counter after it would not fit in a {@code long}. */
    public static final long MAX_COUNTER = Long.MAX_VALUE - 1;

    private static final long NO_MATCH = -1;

    private final int lookAhead;
    private final int resyncWindow;
    private final HotpCounters counters;

    private HotpVerifier(Builder b) {
        this.lookAhead = b.lookAhead;
        this.resyncWindow = b.resyncWindow;
        this.counters = b.counters;
    }

    /**
     * Starts a builder with the defaults: a look-ahead of 10 counters, a resynchronisation window of 100, and no
     * {@link HotpCounters} (only the methods that take a counter work until {@link Builder#counters} is set).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks a code against the counter the caller stores, and records nothing.
     *
     * @param hotp the credential's generator
     * @param code the code as typed (see {@link TotpVerifier}, "Codes as people type them")
     * @param counter the next counter value expected, C: 0 to {@link #MAX_COUNTER}
     * @return {@link Verification.Accepted} with the matched counter in {@code timeStep()} (store it plus one)
     *     and its distance from {@code counter} in {@code drift()}; {@link Verification.Rejected} with
     *     {@code MALFORMED} or {@code WRONG_CODE}
     * @throws NullPointerException if {@code hotp} is null
     * @throws InvalidOtpParametersException if {@code counter} is negative or {@code Long.MAX_VALUE}
     */
    public Verification verify(Hotp hotp, CharSequence code, long counter) {
        Objects.requireNonNull(hotp, "hotp");
        checkCounter(counter);
        long given = OtpEngine.parse(code, hotp.digits());
        if (given < 0) {
            return Verification.Rejected.of(Verification.Reason.MALFORMED);
        }
        long matched = matchedCounter(hotp, given, counter);
        if (matched == NO_MATCH) {
            return Verification.Rejected.of(Verification.Reason.WRONG_CODE);
        }
        return new Verification.Accepted(matched, (int) (matched - counter));
    }

    /**
     * Checks a code against the credential's counter in this verifier's {@link HotpCounters}, and on a match
     * advances it past the matched counter in the same atomic step.
     *
     * @param credentialId identifies the secret (e.g. the account id); not blank
     * @param hotp the credential's generator
     * @param code the code as typed
     * @return {@link Verification.Accepted} as {@link #verify(Hotp, CharSequence, long)}; {@code REPLAYED} if a
     *     concurrent call accepted this code (or a later one) first; {@code MALFORMED} or {@code WRONG_CODE}
     * @throws NullPointerException if {@code credentialId} or {@code hotp} is null
     * @throws IllegalArgumentException if {@code credentialId} is blank
     * @throws IllegalStateException if this verifier was built without {@link Builder#counters}
     * @throws InvalidOtpParametersException if the credential's counter is used up ({@code Long.MAX_VALUE})
     */
    public Verification verify(String credentialId, Hotp hotp, CharSequence code) {
        HotpCounters c = requireCounters(credentialId, hotp);
        long given = OtpEngine.parse(code, hotp.digits());
        if (given < 0) {
            return Verification.Rejected.of(Verification.Reason.MALFORMED);
        }
        while (true) {
            long counter = c.counter(credentialId);
            checkCounter(counter);
            long matched = matchedCounter(hotp, given, counter);
            if (matched == NO_MATCH) {
                return Verification.Rejected.of(Verification.Reason.WRONG_CODE);
            }
            Optional<Verification> done = advance(c, credentialId, counter, matched);
            if (done.isPresent()) {
                return done.get();
            }
        }
    }

    /**
     * Resynchronises a token whose counter ran ahead of the look-ahead window (RFC 4226 §7.4): finds two
     * consecutive counters {@code n, n + 1} in {@code [counter, counter + resyncWindow + 1]} whose codes are
     * {@code first} and {@code second}, and records nothing.
     *
     * @param hotp the credential's generator
     * @param first the first code the token showed
     * @param second the code the token showed next
     * @param counter the next counter value expected, C: 0 to {@link #MAX_COUNTER}
     * @return {@link Verification.Accepted} with the counter of {@code second} in {@code timeStep()} (store it
     *     plus one); {@code WRONG_CODE} if the two codes are not consecutive codes of the window; {@code MALFORMED}
     *     if either is no code
     * @throws NullPointerException if {@code hotp} is null
     * @throws InvalidOtpParametersException if {@code counter} is negative or {@code Long.MAX_VALUE}
     */
    public Verification resynchronize(Hotp hotp, CharSequence first, CharSequence second, long counter) {
        Objects.requireNonNull(hotp, "hotp");
        checkCounter(counter);
        long a = OtpEngine.parse(first, hotp.digits());
        long b = OtpEngine.parse(second, hotp.digits());
        if (a < 0 || b < 0) {
            return Verification.Rejected.of(Verification.Reason.MALFORMED);
        }
        long matched = matchedPair(hotp, a, b, counter);
        if (matched == NO_MATCH) {
            return Verification.Rejected.of(Verification.Reason.WRONG_CODE);
        }
        return new Verification.Accepted(matched, (int) (matched - counter));
    }

    /**
     * Resynchronises as {@link #resynchronize(Hotp, CharSequence, CharSequence, long)} against the credential's
     * counter in this verifier's {@link HotpCounters}, and advances it past the counter of {@code second} in the
     * same atomic step.
     *
     * @param credentialId identifies the secret; not blank
     * @param hotp the credential's generator
     * @param first the first code the token showed
     * @param second the code the token showed next
     * @return as the other {@code resynchronize}, or {@code REPLAYED} if a concurrent call moved the counter past
     *     these codes first
     * @throws NullPointerException if {@code credentialId} or {@code hotp} is null
     * @throws IllegalArgumentException if {@code credentialId} is blank
     * @throws IllegalStateException if this verifier was built without {@link Builder#counters}
     * @throws InvalidOtpParametersException if the credential's counter is used up ({@code Long.MAX_VALUE})
     */
    public Verification resynchronize(String credentialId, Hotp hotp, CharSequence first, CharSequence second) {
        HotpCounters c = requireCounters(credentialId, hotp);
        while (true) {
            long counter = c.counter(credentialId);
            Verification v = resynchronize(hotp, first, second, counter);
            if (!(v instanceof Verification.Accepted accepted)) {
                return v;
            }
            Optional<Verification> done = advance(c, credentialId, counter, accepted.timeStep());
            if (done.isPresent()) {
                return done.get();
            }
        }
    }

    private HotpCounters requireCounters(String credentialId, Hotp hotp) {
        TotpVerifier.checkCredentialId(credentialId);
        Objects.requireNonNull(hotp, "hotp");
        if (counters == null) {
            throw new IllegalStateException("this verifier has no HotpCounters: build it with"
                    + " counters(HotpCounters.inMemory()), or keep the counter yourself and call verify(hotp, code,"
                    + " counter)");
        }
        return counters;
    }

    /**
     * The compare-and-set after a match at {@code matched} read from {@code counter}: accepted if it won; REPLAYED
     * if another call moved the counter past the match; empty (read again and retry) if it moved but not that far.
     */
    private static Optional<Verification> advance(HotpCounters c, String credentialId, long counter, long matched) {
        if (c.advance(credentialId, counter, matched + 1)) {
            return Optional.of(new Verification.Accepted(matched, (int) (matched - counter)));
        }
        if (c.counter(credentialId) > matched) {
            return Optional.of(Verification.Rejected.of(Verification.Reason.REPLAYED));
        }
        return Optional.empty();
    }

    /** The lowest counter of {@code [counter, counter + lookAhead]} (cut at MAX_COUNTER) whose code is given. */
    private long matchedCounter(Hotp hotp, long given, long counter) {
        long last = counter + Math.min(lookAhead, MAX_COUNTER - counter); // depends on the counter only
        long found = 0;
        long matched = 0;
        try (HmacSession session = hotp.session()) {
            for (long c = counter; c <= last; c++) {
                long diff = session.value(c) ^ given;
                long equal = (diff - 1) >> 63;      // all ones if diff == 0 (both values are below 2^34)
                long take = equal & ~found;
                matched = (c & take) | (matched & ~take);
                found |= equal;
            }
        }
        return (matched & found) | (NO_MATCH & ~found);
    }

    /** The lowest counter n + 1 of the resync window such that n has code {@code a} and n + 1 code {@code b}. */
    private long matchedPair(Hotp hotp, long a, long b, long counter) {
        long last = counter + Math.min(resyncWindow + 1L, MAX_COUNTER - counter);
        long found = 0;
        long matched = 0;
        long previousIsA = 0; // all ones if the code of c - 1 is a
        try (HmacSession session = hotp.session()) {
            for (long c = counter; c <= last; c++) {
                long value = session.value(c);
                long pair = previousIsA & (((value ^ b) - 1) >> 63);
                long take = pair & ~found;
                matched = (c & take) | (matched & ~take);
                found |= pair;
                previousIsA = ((value ^ a) - 1) >> 63;
            }
        }
        return (matched & found) | (NO_MATCH & ~found);
    }

    static void checkCounter(long counter) {
        if (counter < 0 || counter > MAX_COUNTER) {
            throw new InvalidOtpParametersException("counter must be from 0 to Long.MAX_VALUE - 1 (the next counter"
                    + " after a match must fit in a long), got " + counter
                    + (counter == Long.MAX_VALUE ? ": this token is used up, replace it" : ""));
        }
    }

    /**
     * Returns the look-ahead window.
     *
     * @return how many counters past the expected one a code may belong to
     */
    public int lookAhead() {
        return lookAhead;
    }

    /**
     * Returns the resynchronisation window.
     *
     * @return how many counters past the expected one the first of two consecutive codes may belong to
     */
    public int resyncWindow() {
        return resyncWindow;
    }

    /**
     * Returns the counters of {@link #verify(String, Hotp, CharSequence)}.
     *
     * @return the counters, or empty if this verifier was built without them
     */
    public Optional<HotpCounters> counters() {
        return Optional.ofNullable(counters);
    }

    @Override
    public String toString() {
        return "HotpVerifier[lookAhead=" + lookAhead + ", resyncWindow=" + resyncWindow + ", counters="
                + (counters != null ? counters : "none (caller stores the counter)") + "]";
    }

    /** Builds a {@link HotpVerifier}. Not thread-safe; the verifier it builds is. */
    public static final class Builder {
        private int lookAhead = 10;
        private int resyncWindow = 100;
        private HotpCounters counters;

        private Builder() {
        }

        /**
         * Sets the look-ahead window (RFC 4226 §7.4's parameter s). Each counter in it is one HMAC per check,
         * and one more chance for a guess: keep it small.
         *
         * @param counters 0 to {@link #MAX_LOOK_AHEAD}; default 10
         * @return this builder
         * @throws InvalidOtpParametersException if out of range
         */
        public Builder lookAhead(int counters) {
            if (counters < 0 || counters > MAX_LOOK_AHEAD) {
                throw new InvalidOtpParametersException("lookAhead must be from 0 to " + MAX_LOOK_AHEAD + ", got "
                        + counters);
            }
            this.lookAhead = counters;
            return this;
        }

        /**
         * Sets the resynchronisation window: two consecutive codes make a guess about 10^6 times harder than
         * one, which is what allows a wider window than the look-ahead (RFC 4226 §7.4).
         *
         * @param counters 1 to {@link #MAX_RESYNC_WINDOW}; default 100
         * @return this builder
         * @throws InvalidOtpParametersException if out of range
         */
        public Builder resyncWindow(int counters) {
            if (counters < 1 || counters > MAX_RESYNC_WINDOW) {
                throw new InvalidOtpParametersException("resyncWindow must be from 1 to " + MAX_RESYNC_WINDOW
                        + ", got " + counters);
            }
            this.resyncWindow = counters;
            return this;
        }

        /**
         * Sets the counters that {@link HotpVerifier#verify(String, Hotp, CharSequence)} reads and advances.
         *
         * @param counters e.g. {@link HotpCounters#inMemory()}
         * @return this builder
         * @throws NullPointerException if {@code counters} is null
         */
        public Builder counters(HotpCounters counters) {
            this.counters = Objects.requireNonNull(counters, "counters");
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @return a new verifier
         */
        public HotpVerifier build() {
            return new HotpVerifier(this);
        }
    }
}
