package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TotpTest {

    private final Secret secret = Secret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    private final Totp totp = Totp.of(secret, TotpParameters.defaults());

    @Test
    void theFirstStepRunsFromTheEpochToOneSecondBeforeThePeriodEnds() {
        assertEquals(0, totp.timeStep(Instant.EPOCH));
        assertEquals(0, totp.timeStep(Instant.ofEpochSecond(29)));
        assertEquals(0, totp.timeStep(Instant.ofEpochSecond(29, 999_999_999)));
        assertEquals(1, totp.timeStep(Instant.ofEpochSecond(30)));
    }

    @Test
    void aCustomEpochStartsStepZero() {
        Totp late = Totp.of(secret, new TotpParameters(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(60),
                Instant.ofEpochSecond(1_000)));

        assertEquals(0, late.timeStep(Instant.ofEpochSecond(1_000)));
        assertEquals(0, late.timeStep(Instant.ofEpochSecond(1_059)));
        assertEquals(1, late.timeStep(Instant.ofEpochSecond(1_060)));
        assertEquals(Instant.ofEpochSecond(1_060), late.stepStart(1));
        assertThrows(InvalidOtpParametersException.class, () -> late.timeStep(Instant.ofEpochSecond(999)));
    }

    @Test
    void anEpochBefore1970IsAllowedAndCountsFromThere() {
        Totp early = Totp.of(secret, new TotpParameters(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30),
                Instant.ofEpochSecond(-300)));

        assertEquals(10, early.timeStep(Instant.EPOCH));
        assertEquals(Instant.EPOCH, early.stepStart(10));
    }

    @Test
    void theTimeStepOfInstantMaxIsALongWithoutOverflow() {
        // Instant.MAX is second 31556889864403199; / 30 = 1051896328813439.
        assertEquals(1_051_896_328_813_439L, totp.timeStep(Instant.MAX));
        assertEquals(31_556_889_864_403_199L,
                Totp.of(secret, TotpParameters.defaults().withPeriod(Duration.ofSeconds(1))).timeStep(Instant.MAX));
        assertEquals(6, totp.codeAt(Instant.MAX).length());
        assertEquals(totp.codeForStep(1_051_896_328_813_439L), totp.codeAt(Instant.MAX));
    }

    @Test
    void timesBeyond2038And2106GiveTheSameCodeAsTheirStep() {
        for (long seconds : new long[] {(1L << 31) - 1, 1L << 31, (1L << 32) - 1, 1L << 32, 1L << 40}) {
            Instant at = Instant.ofEpochSecond(seconds);
            assertEquals(seconds / 30, totp.timeStep(at));
            assertEquals(Hotp.of(secret, HmacAlgorithm.SHA1, 6).code(seconds / 30), totp.codeAt(at));
        }
    }

    @Test
    void stepStartIsTheFirstInstantOfTheStep() {
        assertEquals(Instant.EPOCH, totp.stepStart(0));
        assertEquals(Instant.ofEpochSecond(30), totp.stepStart(1));
        Instant at = Instant.ofEpochSecond(1_234_567_890L, 5);
        long step = totp.timeStep(at);
        assertTrue(!totp.stepStart(step).isAfter(at) && totp.stepStart(step + 1).isAfter(at));
        assertEquals(step, totp.timeStep(totp.stepStart(step)));
        assertEquals(step - 1, totp.timeStep(totp.stepStart(step).minusNanos(1)));
    }

    @Test
    void stepStartBeyondInstantMaxIsADateTimeException() {
        assertThrows(DateTimeException.class, () -> totp.stepStart(Long.MAX_VALUE));
        assertThrows(DateTimeException.class, () -> totp.stepStart(totp.timeStep(Instant.MAX) + 1));
        assertEquals(totp.timeStep(Instant.MAX), totp.timeStep(totp.stepStart(totp.timeStep(Instant.MAX))));
    }

    @Test
    void codesAreZeroPaddedToTheirDigits() {
        // RFC 6238 Appendix B: the SHA1 code at 1111111109 is 07081804, with a leading zero.
        Totp rfc = Totp.of(Secret.fromBytes("12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                TotpParameters.of(HmacAlgorithm.SHA1, 8, Duration.ofSeconds(30)));
        assertEquals("07081804", rfc.codeAt(Instant.ofEpochSecond(1_111_111_109L)));
        assertEquals("0", OtpEngine.format(0, 1));
        assertEquals("0000000000", OtpEngine.format(0, 10));
    }

    @Test
    void defaultsAreSha1SixDigitsThirtySecondsFromTheUnixEpoch() {
        TotpParameters d = TotpParameters.defaults();

        assertEquals(new TotpParameters(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30), Instant.EPOCH), d);
        assertEquals(30, d.periodSeconds());
        assertEquals(HmacAlgorithm.SHA256, d.withAlgorithm(HmacAlgorithm.SHA256).algorithm());
        assertEquals(8, d.withDigits(8).digits());
        assertEquals(Duration.ofSeconds(60), d.withPeriod(Duration.ofSeconds(60)).period());
        assertEquals(HmacAlgorithm.SHA512, HmacAlgorithm.fromName("sha512"));
    }
}
