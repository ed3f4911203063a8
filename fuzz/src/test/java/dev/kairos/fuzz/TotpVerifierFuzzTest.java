package dev.kairos.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kairos.core.HmacAlgorithm;
import dev.kairos.core.ReplayGuard;
import dev.kairos.core.Secret;
import dev.kairos.core.SkewWindow;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.core.TotpVerifier;
import dev.kairos.core.Verification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * {@link TotpVerifier#verify(String, Totp, CharSequence)} with arbitrary codes, credential ids, parameters, windows
 * and times: a code is accepted exactly when it is the code (by an independent JCA implementation) of a step
 * inside the window that the replay guard has not seen, and the only exceptions are the documented ones.
 */
class TotpVerifierFuzzTest {

    /** Latest time the fuzzer picks: 9999-12-31, far past 2038 and 2106. */
    private static final long MAX_SECONDS = 253_402_300_799L;

    @FuzzTest(maxDuration = Fuzz.CAMPAIGN)
    void verify(FuzzedDataProvider data) {
        HmacAlgorithm algorithm = data.pickValue(HmacAlgorithm.values());
        int digits = data.consumeInt(TotpParameters.MIN_DIGITS, TotpParameters.MAX_DIGITS);
        long periodSeconds = data.consumeBoolean() ? 30 : data.consumeLong(1, TotpParameters.MAX_PERIOD.toSeconds());
        Instant epoch = data.consumeBoolean() ? Instant.EPOCH : Instant.ofEpochSecond(data.consumeLong(0, 4_000_000_000L));
        Instant now = Instant.ofEpochSecond(data.consumeLong(-1_000, MAX_SECONDS), data.consumeInt(0, 999_999_999));
        SkewWindow window = SkewWindow.of(data.consumeInt(0, SkewWindow.MAX_STEPS), data.consumeInt(0, SkewWindow.MAX_STEPS));
        byte[] key = data.consumeBoolean() ? SecretFuzzTest.PLANTED_BYTES : data.consumeBytes(Secret.MAX_LENGTH);
        if (key.length < Secret.MIN_LENGTH) {
            key = SecretFuzzTest.PLANTED_BYTES;
        }
        String credentialId = data.consumeBoolean() ? "alice" : Fuzz.text(data, 40);

        TotpParameters parameters = new TotpParameters(algorithm, digits, Duration.ofSeconds(periodSeconds), epoch);
        Totp totp = Totp.of(Secret.fromBytes(key), parameters);
        ReplayGuard guard = ReplayGuard.inMemory();
        TotpVerifier verifier = TotpVerifier.builder().clock(Clock.fixed(now, ZoneOffset.UTC)).window(window)
                .replayGuard(guard).build();
        boolean beforeEpoch = now.isBefore(epoch);
        long nowStep = beforeEpoch ? -1 : Math.floorDiv(now.getEpochSecond() - epoch.getEpochSecond(), periodSeconds);

        // The code: arbitrary text, or the right code of a step near now, possibly with one character changed.
        String code;
        int mode = data.consumeInt(0, 3);
        if (mode == 0 || beforeEpoch) {
            code = Fuzz.remainingText(data);
        } else {
            long step = Math.max(0, nowStep + data.consumeInt(-SkewWindow.MAX_STEPS - 1, SkewWindow.MAX_STEPS + 1));
            code = Reference.code(algorithm, key, step, digits);
            if (mode == 2) {
                int at = data.consumeInt(0, code.length() - 1);
                code = code.substring(0, at) + data.consumeChar() + code.substring(at + 1);
            } else if (mode == 3) {
                code = data.consumeBoolean() ? code + Fuzz.remainingText(data) : Fuzz.remainingText(data) + code;
            }
        }

        if (credentialId.isBlank()) {
            try {
                verifier.verify(credentialId, totp, code);
                throw new AssertionError("a blank credential id was accepted");
            } catch (IllegalArgumentException expected) {
                return;
            }
        }
        if (beforeEpoch) {
            try {
                Verification v = verifier.verify(credentialId, totp, code);
                // The format is checked first: a malformed code is MALFORMED at any time, never an exception.
                if (!Reference.wellFormed(code, digits)) {
                    assertEquals(Verification.Rejected.of(Verification.Reason.MALFORMED), v);
                    return;
                }
                throw new AssertionError("verified before the epoch: " + v);
            } catch (IllegalStateException expected) {
                Fuzz.assertNoSecret(expected, key, Secret.fromBytes(key).toBase32());
                return;
            }
        }

        Verification v = verifier.verify(credentialId, totp, code);
        if (!Reference.wellFormed(code, digits)) {
            assertEquals(Verification.Rejected.of(Verification.Reason.MALFORMED), v, "not " + digits + " ASCII digits");
            return;
        }
        boolean matches = false;
        for (int d = -window.back(); d <= window.ahead(); d++) {
            long step = nowStep + d;
            if (step >= 0 && Reference.code(algorithm, key, step, digits).equals(code)) {
                matches = true;
            }
        }
        if (v instanceof Verification.Accepted a) {
            long drift = a.timeStep() - nowStep;
            if (drift < -window.back() || drift > window.ahead() || drift != a.drift() || a.timeStep() < 0) {
                throw new AssertionError("accepted outside the window: " + a + " now " + nowStep + " " + window);
            }
            assertEquals(Reference.code(algorithm, key, a.timeStep(), digits), code, "accepted a wrong code");
            assertEquals(Verification.Rejected.of(Verification.Reason.REPLAYED), verifier.verify(credentialId, totp, code),
                    "the same code twice");
        } else {
            // A fresh guard has seen no step, so a right code can only be rejected if it is outside the window.
            if (matches) {
                throw new AssertionError("a right code inside the window was refused: " + v);
            }
            assertEquals(Verification.Rejected.of(Verification.Reason.WRONG_CODE), v, "a wrong code");
        }
    }
}
