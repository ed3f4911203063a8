package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The built-in engine leaves no key material behind: a session's pads are zero once it is closed. */
class OtpEngineKeyMaterialTest {

    private static final Secret KEY = Secret.fromBytes("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

    @Test
    void aClosedSessionHoldsNoPadsForAnyAlgorithm() {
        for (HmacAlgorithm algorithm : HmacAlgorithm.values()) {
            OtpEngine engine = OtpEngine.open(algorithm, KEY.internalBytes(), 6);
            engine.value(1);
            assertFalse(engine.holdsNoKeyMaterial(), "control: an open session holds the pads of " + algorithm);
            engine.close();
            assertTrue(engine.holdsNoKeyMaterial(), algorithm + " pads left after close");
        }
    }

    @Test
    void aKeyLongerThanTheBlockIsHashedAndStillWiped() {
        OtpEngine engine = OtpEngine.open(HmacAlgorithm.SHA1, new byte[100], 6);
        engine.value(0);
        engine.close();
        assertTrue(engine.holdsNoKeyMaterial());
    }

    @Test
    void aSessionReusesThePooledInstanceOfItsThread() {
        OtpEngine first = OtpEngine.open(HmacAlgorithm.SHA1, KEY.internalBytes(), 6);
        first.close();
        OtpEngine second = OtpEngine.open(HmacAlgorithm.SHA256, KEY.internalBytes(), 6);
        second.close();
        // The same thread hashes to the same slot: no allocation per call once the slot is filled.
        assertTrue(first == second, "the pooled instance was reused");
    }

    @Test
    void nestedSessionsOnOneThreadEachGetTheirOwnStateAndTheSameCodes() {
        Totp a = Totp.of(KEY, TotpParameters.defaults().withDigits(8));
        try (HmacSession outer = a.session(); HmacSession inner = a.session()) {
            assertEquals(94287082L, outer.value(1));
            assertEquals(94287082L, inner.value(1));
        }
    }

    @Test
    void manyThreadsAtOnceAllGetRightCodes() throws Exception {
        Totp totp = Totp.of(KEY, TotpParameters.defaults().withDigits(8));
        Instant at = Instant.ofEpochSecond(59);
        TotpVerifier verifier = TotpVerifier.builder().clock(Clock.fixed(at, ZoneOffset.UTC)).withoutReplayGuard()
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                Callable<Boolean> task = () -> "94287082".equals(totp.codeAt(at))
                        && verifier.verifyAfter(totp, "94287082", -1).isAccepted();
                results.add(pool.submit(task));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
