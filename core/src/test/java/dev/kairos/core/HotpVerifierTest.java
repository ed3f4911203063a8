package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HotpVerifierTest {

    /** RFC 4226 Appendix D: its key and codes for counters 0 to 9. */
    private static final Hotp RFC = Hotp.of(Secret.fromBytes("12345678901234567890".getBytes(StandardCharsets.US_ASCII)),
            HmacAlgorithm.SHA1, 6);
    private static final String[] RFC_CODES = {"755224", "287082", "359152", "969429", "338314", "254676", "287922",
        "162583", "399871", "520489"};
    private static final Verification WRONG = Verification.Rejected.of(Verification.Reason.WRONG_CODE);
    private static final Verification MALFORMED = Verification.Rejected.of(Verification.Reason.MALFORMED);
    private static final Verification REPLAYED = Verification.Rejected.of(Verification.Reason.REPLAYED);

    @Test
    void acceptsACodeInsideTheLookAheadWindowAndSaysWhichCounterItBelongsTo() {
        HotpVerifier verifier = HotpVerifier.builder().lookAhead(3).build();

        assertEquals(new Verification.Accepted(0, 0), verifier.verify(RFC, RFC_CODES[0], 0));
        assertEquals(new Verification.Accepted(5, 3), verifier.verify(RFC, RFC_CODES[5], 2));
        assertEquals(WRONG, verifier.verify(RFC, RFC_CODES[6], 2)); // one past the window
        assertEquals(WRONG, verifier.verify(RFC, RFC_CODES[1], 2)); // before the counter: used already
        assertEquals(new Verification.Accepted(4, 0), verifier.verify(RFC, "338 314", 4));
        assertEquals(MALFORMED, verifier.verify(RFC, "33831", 4));
    }

    @Test
    void aLookAheadOfZeroAcceptsOnlyTheExpectedCounter() {
        HotpVerifier verifier = HotpVerifier.builder().lookAhead(0).build();

        assertEquals(new Verification.Accepted(7, 0), verifier.verify(RFC, RFC_CODES[7], 7));
        assertEquals(WRONG, verifier.verify(RFC, RFC_CODES[8], 7));
    }

    @Test
    void theCountersPathAdvancesPastTheMatchSoNoCodeIsAcceptedTwice() {
        HotpCounters counters = HotpCounters.inMemory();
        HotpVerifier verifier = HotpVerifier.builder().lookAhead(5).counters(counters).build();

        assertEquals(new Verification.Accepted(2, 2), verifier.verify("token-1", RFC, RFC_CODES[2]));
        assertEquals(3, counters.counter("token-1"));
        assertEquals(WRONG, verifier.verify("token-1", RFC, RFC_CODES[2]));
        assertEquals(WRONG, verifier.verify("token-1", RFC, RFC_CODES[1]));
        assertEquals(new Verification.Accepted(3, 0), verifier.verify("token-1", RFC, RFC_CODES[3]));
        assertEquals(0, counters.counter("token-2"));
    }

    @Test
    void ofManyThreadsGivenTheSameCodeExactlyOneAdvancesTheCounter() throws Exception {
        for (int round = 0; round < 20; round++) {
            HotpCounters counters = HotpCounters.inMemory();
            counters.set("token", 3);
            HotpVerifier verifier = HotpVerifier.builder().lookAhead(10).counters(counters).build();
            int threads = 16;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Verification>> results = new ArrayList<>();
            try {
                for (int t = 0; t < threads; t++) {
                    Callable<Verification> task = () -> {
                        start.await();
                        return verifier.verify("token", RFC, RFC_CODES[6]);
                    };
                    results.add(pool.submit(task));
                }
                start.countDown();
                int accepted = 0;
                for (Future<Verification> f : results) {
                    Verification v = f.get(10, TimeUnit.SECONDS);
                    if (v.isAccepted()) {
                        accepted++;
                        assertEquals(new Verification.Accepted(6, 3), v);
                    } else {
                        assertTrue(v.equals(REPLAYED) || v.equals(WRONG), v::toString);
                    }
                }
                assertEquals(1, accepted, "round " + round);
                assertEquals(7, counters.counter("token"));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void resynchronisesFromTwoConsecutiveCodesBeyondTheLookAhead() {
        HotpVerifier verifier = HotpVerifier.builder().lookAhead(1).resyncWindow(100).build();
        long far = 57;

        assertEquals(WRONG, verifier.verify(RFC, RFC.code(far), 0));
        assertEquals(new Verification.Accepted(far + 1, (int) far + 1),
                verifier.resynchronize(RFC, RFC.code(far), RFC.code(far + 1), 0));
        assertEquals(new Verification.Accepted(1, 1), verifier.resynchronize(RFC, RFC_CODES[0], RFC_CODES[1], 0));
    }

    @Test
    void refusesResyncCodesThatAreNotConsecutive() {
        HotpVerifier verifier = HotpVerifier.builder().resyncWindow(100).build();

        assertEquals(WRONG, verifier.resynchronize(RFC, RFC.code(20), RFC.code(22), 0));
        assertEquals(WRONG, verifier.resynchronize(RFC, RFC.code(21), RFC.code(20), 0));
        assertEquals(WRONG, verifier.resynchronize(RFC, RFC.code(102), RFC.code(103), 0)); // past the window
        assertEquals(MALFORMED, verifier.resynchronize(RFC, "12345", RFC.code(1), 0));
    }

    @Test
    void resynchronisingThroughTheCountersAdvancesThemOnce() {
        HotpCounters counters = HotpCounters.inMemory();
        HotpVerifier verifier = HotpVerifier.builder().lookAhead(2).counters(counters).build();

        assertEquals(new Verification.Accepted(41, 41),
                verifier.resynchronize("token", RFC, RFC.code(40), RFC.code(41)));
        assertEquals(42, counters.counter("token"));
        assertEquals(WRONG, verifier.resynchronize("token", RFC, RFC.code(40), RFC.code(41)));
        assertEquals(new Verification.Accepted(42, 0), verifier.verify("token", RFC, RFC.code(42)));
    }

    @Test
    void countersNearLongMaxValueNeverOverflow() {
        HotpVerifier verifier = HotpVerifier.builder().lookAhead(10).resyncWindow(100).build();
        long last = HotpVerifier.MAX_COUNTER;

        assertEquals(new Verification.Accepted(last, 5), verifier.verify(RFC, RFC.code(last), last - 5));
        assertEquals(new Verification.Accepted(last, 0), verifier.verify(RFC, RFC.code(last), last));
        assertEquals(new Verification.Accepted(last, 1),
                verifier.resynchronize(RFC, RFC.code(last - 1), RFC.code(last), last - 1));
        InvalidOtpParametersException e = assertThrows(InvalidOtpParametersException.class,
                () -> verifier.verify(RFC, RFC_CODES[0], Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("used up"), e.getMessage());
        assertThrows(InvalidOtpParametersException.class,
                () -> verifier.resynchronize(RFC, RFC_CODES[0], RFC_CODES[1], Long.MAX_VALUE));
        assertThrows(InvalidOtpParametersException.class, () -> verifier.verify(RFC, RFC_CODES[0], -1));
        assertThrows(InvalidOtpParametersException.class,
                () -> HotpCounters.inMemory().set("token", Long.MAX_VALUE));
    }

    @Test
    void theCountersPathNeedsCountersAndSaysSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> HotpVerifier.builder().build().verify("token", RFC, RFC_CODES[0]));
        assertTrue(e.getMessage().contains("HotpCounters"), e.getMessage());
    }
}
