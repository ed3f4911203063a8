package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TotpVerifierTest {

    private static final Verification REPLAYED = Verification.Rejected.of(Verification.Reason.REPLAYED);
    private static final Verification WRONG_CODE = Verification.Rejected.of(Verification.Reason.WRONG_CODE);

    private final Totp totp = Totp.of(
            Secret.fromBytes("12345678901234567890".getBytes(StandardCharsets.US_ASCII)), TotpParameters.defaults());
    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_111_111_111L));
    private final long now = totp.timeStep(clock.instant());

    private TotpVerifier verifier(SkewWindow window) {
        return TotpVerifier.builder().clock(clock).window(window).replayGuard(ReplayGuard.inMemory()).build();
    }

    @Test
    void acceptsTheCurrentCodeWithDriftZero() {
        assertEquals(new Verification.Accepted(now, 0),
                verifier(SkewWindow.of(1, 1)).verify("alice", totp, totp.codeForStep(now)));
    }

    @Test
    void rejectsACodeReplayedInTheSameTimeStep() {
        TotpVerifier verifier = verifier(SkewWindow.of(1, 1));
        String code = totp.codeForStep(now);

        assertTrue(verifier.verify("alice", totp, code).isAccepted());
        assertEquals(REPLAYED, verifier.verify("alice", totp, code));
        clock.advance(Duration.ofSeconds(29 - clock.instant().getEpochSecond() % 30)); // last second of the step
        assertEquals(REPLAYED, verifier.verify("alice", totp, code));
    }

    @Test
    void afterAcceptingStepTAValidCodeForStepTMinusOneIsReplayed() {
        // RFC 6238 §5.2: no code is accepted twice, and none older than the last one accepted.
        TotpVerifier verifier = verifier(SkewWindow.of(1, 1));

        assertEquals(new Verification.Accepted(now, 0), verifier.verify("alice", totp, totp.codeForStep(now)));
        assertEquals(REPLAYED, verifier.verify("alice", totp, totp.codeForStep(now - 1)));
        assertEquals(new Verification.Accepted(now + 1, 1),
                verifier.verify("alice", totp, totp.codeForStep(now + 1)));
        assertEquals(REPLAYED, verifier.verify("alice", totp, totp.codeForStep(now)));
    }

    @Test
    void aCodeAcceptedAheadMakesTheCurrentStepReplayed() {
        TotpVerifier verifier = verifier(SkewWindow.of(1, 1));

        assertEquals(new Verification.Accepted(now + 1, 1),
                verifier.verify("alice", totp, totp.codeForStep(now + 1)));
        assertEquals(REPLAYED, verifier.verify("alice", totp, totp.codeForStep(now)));
    }

    @Test
    void theReplayGuardIsPerCredential() {
        TotpVerifier verifier = verifier(SkewWindow.of(1, 1));
        String code = totp.codeForStep(now);

        assertTrue(verifier.verify("alice", totp, code).isAccepted());
        assertTrue(verifier.verify("bob", totp, code).isAccepted());
    }

    @Test
    void reportsTheDriftOfEachStepInTheWindow() {
        TotpVerifier verifier = verifier(SkewWindow.of(3, 2));
        // Oldest first, so that the replay guard (which wants increasing steps) does not interfere.
        for (int drift = -3; drift <= 2; drift++) {
            assertEquals(new Verification.Accepted(now + drift, drift),
                    verifier.verify("user" + drift, totp, totp.codeForStep(now + drift)), "drift " + drift);
        }
        assertEquals(WRONG_CODE, verifier.verify("alice", totp, totp.codeForStep(now - 4)));
        assertEquals(WRONG_CODE, verifier.verify("alice", totp, totp.codeForStep(now + 3)));
    }

    @Test
    void anExactWindowAcceptsOnlyTheCurrentStep() {
        TotpVerifier verifier = verifier(SkewWindow.exact());

        assertEquals(WRONG_CODE, verifier.verify("alice", totp, totp.codeForStep(now - 1)));
        assertEquals(WRONG_CODE, verifier.verify("alice", totp, totp.codeForStep(now + 1)));
        assertEquals(new Verification.Accepted(now, 0), verifier.verify("alice", totp, totp.codeForStep(now)));
    }

    @Test
    void prefersTheNearestDriftWhenTwoStepsOfTheWindowHaveTheSameCode() {
        // With the RFC 4226 key, 6 digits, steps 2386 and 2394 both have the code 709847 (found by search).
        assertEquals("709847", totp.codeForStep(2386));
        assertEquals("709847", totp.codeForStep(2394));

        clock.set(Instant.ofEpochSecond(2393 * 30 + 5)); // 2386 is 7 back, 2394 is 1 ahead
        assertEquals(new Verification.Accepted(2394, 1), verifier(SkewWindow.of(10, 10)).verify("a", totp, "709847"));

        clock.set(Instant.ofEpochSecond(2387 * 30 + 5)); // 2386 is 1 back, 2394 is 7 ahead
        assertEquals(new Verification.Accepted(2386, -1), verifier(SkewWindow.of(10, 10)).verify("a", totp, "709847"));
    }

    @Test
    void skipsTheStepsOfTheWindowThatWouldLieBeforeTheEpoch() {
        clock.set(Instant.ofEpochSecond(31)); // step 1: steps -1 .. -9 of a 10-back window do not exist
        TotpVerifier verifier = verifier(SkewWindow.of(10, 0));

        assertEquals(WRONG_CODE, verifier.verify("alice", totp, wrongCodeAround(1, 10)));
        assertEquals(new Verification.Accepted(0, -1), verifier.verify("alice", totp, totp.codeForStep(0)));
    }

    @Test
    void anEpochLaterThanZeroShiftsTheSteps() {
        TotpParameters params = new TotpParameters(HmacAlgorithm.SHA256, 8, Duration.ofSeconds(60),
                Instant.ofEpochSecond(1_000_000_000L));
        Totp shifted = Totp.of(totp.secret(), params);
        clock.set(Instant.ofEpochSecond(1_000_000_000L + 60 * 5 + 59));

        assertEquals(new Verification.Accepted(5, 0), verifier(SkewWindow.of(1, 1))
                .verify("alice", shifted, shifted.codeForStep(5)));
    }

    @Test
    void aClockBeforeTheEpochIsAnIllegalStateNotAWrongCode() {
        clock.set(Instant.ofEpochSecond(-1));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> verifier(SkewWindow.of(1, 1)).verify("alice", totp, "123456"));
        assertTrue(e.getMessage().contains("before the TOTP epoch"), e.getMessage());
    }

    @Test
    void theBuilderDefaultsToOneStepEachWayAndTheSystemClock() {
        TotpVerifier a = TotpVerifier.builder().replayGuard(ReplayGuard.inMemory()).build();

        assertEquals(SkewWindow.of(1, 1), a.window());
        assertEquals(Clock.systemUTC(), a.clock());
        ReplayGuard guard = ReplayGuard.inMemory();
        Clock fixed = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        TotpVerifier c = TotpVerifier.builder().replayGuard(guard).clock(fixed).window(SkewWindow.exact()).build();
        assertSame(guard, c.replayGuard().orElseThrow());
        assertSame(fixed, c.clock());
        assertEquals(SkewWindow.exact(), c.window());
    }

    @Test
    void theBuilderRefusesToGuessTheReplayGuard() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TotpVerifier.builder().build());

        assertTrue(e.getMessage().contains("replayGuard(ReplayGuard)"), e.getMessage());
        assertTrue(e.getMessage().contains("withoutReplayGuard()"), e.getMessage());
    }

    @Test
    void theLastGuardChoiceOfTheBuilderWins() {
        ReplayGuard guard = ReplayGuard.inMemory();

        assertSame(guard, TotpVerifier.builder().withoutReplayGuard().replayGuard(guard).build()
                .replayGuard().orElseThrow());
        assertTrue(TotpVerifier.builder().replayGuard(guard).withoutReplayGuard().build().replayGuard().isEmpty());
    }

    @Test
    void aVerifierWithoutReplayGuardRefusesVerifyButNotVerifyAfter() {
        TotpVerifier verifier = TotpVerifier.builder().clock(clock).withoutReplayGuard().build();
        String code = totp.codeForStep(now);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> verifier.verify("alice", totp, code));
        assertTrue(e.getMessage().contains("verifyAfter"), e.getMessage());
        assertEquals(new Verification.Accepted(now, 0), verifier.verifyAfter(totp, code, -1));
    }

    @Test
    void verifyAfterAcceptsOnlyAStepLaterThanTheStoredOne() {
        TotpVerifier verifier = TotpVerifier.builder().clock(clock).withoutReplayGuard().build();
        String current = totp.codeForStep(now);

        assertEquals(new Verification.Accepted(now, 0), verifier.verifyAfter(totp, current, -1));
        assertEquals(new Verification.Accepted(now, 0), verifier.verifyAfter(totp, current, now - 1));
        assertEquals(REPLAYED, verifier.verifyAfter(totp, current, now));
        assertEquals(REPLAYED, verifier.verifyAfter(totp, totp.codeForStep(now - 1), now));
        assertEquals(new Verification.Accepted(now + 1, 1), verifier.verifyAfter(totp, totp.codeForStep(now + 1), now));
        assertEquals(REPLAYED, verifier.verifyAfter(totp, current, now + 1));
        assertEquals(WRONG_CODE, verifier.verifyAfter(totp, totp.codeForStep(now + 2), -1));
        assertEquals(Verification.Rejected.of(Verification.Reason.MALFORMED), verifier.verifyAfter(totp, "12a456", -1));
    }

    @Test
    void verifyAfterRecordsNothingSoTheSameStoredStepGivesTheSameAnswer() {
        TotpVerifier verifier = TotpVerifier.builder().clock(clock).withoutReplayGuard().build();
        String current = totp.codeForStep(now);

        assertEquals(new Verification.Accepted(now, 0), verifier.verifyAfter(totp, current, now - 1));
        assertEquals(new Verification.Accepted(now, 0), verifier.verifyAfter(totp, current, now - 1));
    }

    @Test
    void verifyAfterNeitherAsksNorChangesTheVerifiersGuard() {
        ReplayGuard guard = (credentialId, step) -> {
            throw new AssertionError("verifyAfter asked the replay guard");
        };
        TotpVerifier verifier = TotpVerifier.builder().clock(clock).replayGuard(guard).build();

        assertEquals(new Verification.Accepted(now, 0), verifier.verifyAfter(totp, totp.codeForStep(now), -1));
    }

    @Test
    void verifyAfterTreatsAStoredStepBelowMinusOneAsABug() {
        TotpVerifier verifier = TotpVerifier.builder().clock(clock).withoutReplayGuard().build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> verifier.verifyAfter(totp, totp.codeForStep(now), -2));
        assertTrue(e.getMessage().contains("lastAcceptedStep"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> verifier.verifyAfter(totp, "123456", Long.MIN_VALUE));
    }

    @Test
    void verifyAfterAcceptsStepZeroWhenNothingWasAcceptedYet() {
        clock.set(Instant.ofEpochSecond(5));
        TotpVerifier verifier = TotpVerifier.builder().clock(clock).window(SkewWindow.of(1, 1))
                .withoutReplayGuard().build();

        assertEquals(new Verification.Accepted(0, 0), verifier.verifyAfter(totp, totp.codeForStep(0), -1));
        assertEquals(REPLAYED, verifier.verifyAfter(totp, totp.codeForStep(0), 0));
    }

    @Test
    void theInMemoryGuardAcceptsOnlyIncreasingStepsPerCredential() {
        ReplayGuard guard = ReplayGuard.inMemory();

        assertTrue(guard.tryAccept("alice", 0));
        assertFalse(guard.tryAccept("alice", 0));
        assertTrue(guard.tryAccept("alice", 5));
        assertFalse(guard.tryAccept("alice", 4));
        assertFalse(guard.tryAccept("alice", 5));
        assertTrue(guard.tryAccept("alice", Long.MAX_VALUE));
        assertTrue(guard.tryAccept("bob", 1));
    }

    /** A well-formed code that is the code of no step from {@code step - back} to {@code step} (that exists). */
    private String wrongCodeAround(long step, int back) {
        for (int candidate = 0; ; candidate++) {
            String code = OtpEngine.format(candidate, 6);
            boolean used = false;
            for (long s = Math.max(0, step - back); s <= step; s++) {
                used |= totp.codeForStep(s).equals(code);
            }
            if (!used) {
                return code;
            }
        }
    }

    @Test
    void isWellFormedAnswersWhatVerifyWouldNotCallMalformedForEachDigitCount() {
        assertTrue(TotpVerifier.isWellFormed("123 456", 6));
        assertTrue(TotpVerifier.isWellFormed("\uff11\uff12\uff13\uff14\uff15\uff16", 6));
        assertFalse(TotpVerifier.isWellFormed("123456", 7));
        assertFalse(TotpVerifier.isWellFormed("123\uff14\uff15\uff16", 6), "two scripts");
        assertFalse(TotpVerifier.isWellFormed("12a456", 6));
        assertFalse(TotpVerifier.isWellFormed(null, 6));
        assertTrue(TotpVerifier.isWellFormed("1234567890", 10));
        assertThrows(IllegalArgumentException.class, () -> TotpVerifier.isWellFormed("12345", 5));
        assertThrows(IllegalArgumentException.class, () -> TotpVerifier.isWellFormed("12345678901", 11));
    }
}
