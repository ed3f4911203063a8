package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Properties of code generation and of the verifier's window, over random keys, parameters and times. */
class TotpProperties {

    /** The last whole second {@link Instant} can hold. */
    private static final long MAX_SECOND = Instant.MAX.getEpochSecond();

    @Provide
    Arbitrary<Secret> secrets() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(Secret.MIN_LENGTH).ofMaxSize(Secret.MAX_LENGTH)
                .map(Secret::fromBytes);
    }

    @Provide
    Arbitrary<Instant> anyInstant() {
        // Far future included: every whole second up to Instant.MAX, with any fraction of a second.
        return Arbitraries.longs().between(0, MAX_SECOND)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999)
                        .map(n -> Instant.ofEpochSecond(s, n)))
                .edgeCases(c -> c.add(Instant.EPOCH).add(Instant.MAX).add(Instant.ofEpochSecond(1L << 32))
                        .add(Instant.ofEpochSecond(1L << 31)));
    }

    @Property(tries = 500)
    void codeAtAlwaysHasExactlyDigitsAsciiDigits(@ForAll("secrets") Secret secret, @ForAll HmacAlgorithm algorithm,
            @ForAll @IntRange(min = 6, max = 10) int digits, @ForAll @LongRange(min = 1, max = 86_400) long period,
            @ForAll("anyInstant") Instant at) {
        Totp totp = Totp.of(secret, TotpParameters.of(algorithm, digits, Duration.ofSeconds(period)));

        String code = totp.codeAt(at);

        assertEquals(digits, code.length(), code);
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            assertTrue(c >= '0' && c <= '9', "not an ASCII digit at " + i + " in " + code);
        }
        assertEquals(at.getEpochSecond() / period, totp.timeStep(at));
        assertEquals(code, Hotp.of(secret, algorithm, digits).code(at.getEpochSecond() / period));
    }

    /**
     * The expected outcome, computed independently of the verifier's constant-time loop: the nearest step of the
     * window (0, -1, +1, -2, +2, ...) that exists and whose code equals {@code code}. Equal codes of two steps are
     * rare but real, so "accepted" means "the code of some step in the window", not "the offset is in the window".
     */
    private static Verification expected(Totp totp, long now, SkewWindow window, String code) {
        for (int k = 0; k <= SkewWindow.MAX_STEPS; k++) {
            for (int drift : k == 0 ? new int[] {0} : new int[] {-k, k}) {
                boolean inWindow = drift >= -window.back() && drift <= window.ahead();
                if (inWindow && now + drift >= 0 && totp.codeForStep(now + drift).equals(code)) {
                    return new Verification.Accepted(now + drift, drift);
                }
            }
        }
        return Verification.Rejected.of(Verification.Reason.WRONG_CODE);
    }

    @Property(tries = 1000)
    void aCodeVerifiesExactlyInsideTheWindowsStepsAndNeverOutside(@ForAll("secrets") Secret secret,
            @ForAll @IntRange(min = 6, max = 8) int digits,
            @ForAll @IntRange(min = 0, max = 10) int back, @ForAll @IntRange(min = 0, max = 10) int ahead,
            @ForAll @IntRange(min = -15, max = 15) int offset,
            @ForAll @LongRange(min = 0, max = 1L << 40) long nowSeconds) {
        Totp totp = Totp.of(secret, TotpParameters.of(HmacAlgorithm.SHA1, digits, Duration.ofSeconds(30)));
        Instant now = Instant.ofEpochSecond(nowSeconds);
        long nowStep = totp.timeStep(now);
        Assume.that(nowStep + offset >= 0);
        SkewWindow window = SkewWindow.of(back, ahead);
        TotpVerifier verifier = TotpVerifier.builder().clock(Clock.fixed(now, ZoneOffset.UTC)).window(window)
                .replayGuard(ReplayGuard.inMemory()).build();
        String code = totp.codeForStep(nowStep + offset);

        Verification actual = verifier.verify("alice", totp, code);

        assertEquals(expected(totp, nowStep, window, code), actual);
        boolean insideWindow = offset >= -back && offset <= ahead;
        if (insideWindow) {
            assertTrue(actual.isAccepted(), "a code " + offset + " steps away is inside " + window);
        }
        if (actual instanceof Verification.Accepted a) {
            assertTrue(a.drift() >= -back && a.drift() <= ahead, "drift " + a.drift() + " outside " + window);
            assertEquals(nowStep + a.drift(), a.timeStep());
        }
    }

    @Property(tries = 1000)
    void aRandomWrongCodeIsNeverAccepted(@ForAll("secrets") Secret secret, @ForAll HmacAlgorithm algorithm,
            @ForAll @IntRange(min = 6, max = 10) int digits,
            @ForAll @IntRange(min = 0, max = 10) int back, @ForAll @IntRange(min = 0, max = 10) int ahead,
            @ForAll @LongRange(min = 0, max = 1L << 40) long nowSeconds, @ForAll @LongRange(min = 0) long random) {
        Totp totp = Totp.of(secret, TotpParameters.of(algorithm, digits, Duration.ofSeconds(30)));
        Instant now = Instant.ofEpochSecond(nowSeconds);
        long nowStep = totp.timeStep(now);
        SkewWindow window = SkewWindow.of(back, ahead);
        String wrong = OtpEngine.format(random % OtpEngine.POWERS_OF_TEN[digits], digits);
        for (long step = Math.max(0, nowStep - back); step <= nowStep + ahead; step++) {
            Assume.that(!totp.codeForStep(step).equals(wrong));
        }
        TotpVerifier verifier = TotpVerifier.builder().clock(Clock.fixed(now, ZoneOffset.UTC)).window(window)
                .replayGuard(ReplayGuard.inMemory()).build();

        assertEquals(Verification.Rejected.of(Verification.Reason.WRONG_CODE), verifier.verify("alice", totp, wrong));
        // ... and the wrong code used nothing up: the right code is still accepted.
        assertEquals(new Verification.Accepted(nowStep, 0), verifier.verify("alice", totp, totp.codeAt(now)));
    }
}
