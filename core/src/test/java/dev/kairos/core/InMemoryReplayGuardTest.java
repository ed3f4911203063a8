package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bounded in-memory guard: it forgets what no verifier can ask about again, and nothing else. */
class InMemoryReplayGuardTest {

    private static final TotpParameters PARAMS = TotpParameters.defaults();
    private static final Instant START = Instant.parse("2030-01-01T00:00:05Z");
    private static final long STEP = START.getEpochSecond() / 30;

    private static InMemoryReplayGuard bounded(MutableClock clock) {
        return (InMemoryReplayGuard) ReplayGuard.inMemory(clock, PARAMS, SkewWindow.of(1, 1));
    }

    @Test
    void acceptsTheLargestStepOnceLikeAnyOther() {
        // Long.MAX_VALUE was the sweep's "retired" mark, so a credential that accepted it accepted it again.
        for (InMemoryReplayGuard guard : List.of(InMemoryReplayGuard.unbounded(), bounded(new MutableClock(START)))) {
            assertTrue(guard.tryAccept("alice", Long.MAX_VALUE), guard.toString());
            assertFalse(guard.tryAccept("alice", Long.MAX_VALUE), guard.toString());
            assertFalse(guard.tryAccept("alice", Long.MAX_VALUE - 1), guard.toString());
        }
    }

    @Test
    void forgetsCredentialsWhoseLastStepLeftTheWindowAfterOtherTraffic() {
        MutableClock clock = new MutableClock(START);
        InMemoryReplayGuard guard = bounded(clock);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(guard.tryAccept("user-" + i, STEP));
        }
        assertEquals(10_000, guard.size());

        clock.advance(Duration.ofSeconds(30 * 4)); // STEP is at the horizon now - 1 - 1 - 2
        for (int i = 0; i < 2_000; i++) {
            guard.tryAccept("other-" + i, STEP + 4);
        }

        assertEquals(2_000, guard.size(), "only the credentials of the last window are kept");
    }

    @Test
    void keepsCredentialsThatTheWindowCanStillReach() {
        MutableClock clock = new MutableClock(START);
        InMemoryReplayGuard guard = bounded(clock);
        assertTrue(guard.tryAccept("alice", STEP + 1)); // a code from a phone one step ahead

        clock.advance(Duration.ofSeconds(30 * 2)); // now = STEP + 2; the window reaches STEP + 1
        for (int i = 0; i < 2_000; i++) {
            guard.tryAccept("other-" + i, STEP + 2);
        }

        assertFalse(guard.tryAccept("alice", STEP + 1), "a step the window still reaches is still refused");
        assertEquals(2_001, guard.size());
    }

    @Test
    void refusesAReplayOfAForgottenStep() {
        MutableClock clock = new MutableClock(START);
        InMemoryReplayGuard guard = bounded(clock);
        assertTrue(guard.tryAccept("alice", STEP));
        clock.advance(Duration.ofSeconds(30 * 4));
        for (int i = 0; i < 2_000; i++) {
            guard.tryAccept("other-" + i, STEP + 4);
        }

        assertFalse(guard.tryAccept("alice", STEP), "the forgotten step is at the horizon");
        assertTrue(guard.tryAccept("alice", STEP + 3), "a step inside the window is accepted, once");
        assertFalse(guard.tryAccept("alice", STEP + 3));
    }

    @Test
    void acceptsTheOldestStepOfTheWindowWhenAStepBoundaryPassesBetweenVerifierAndGuard() {
        // ahead = 0: the verifier read the clock at the end of step STEP and accepts STEP - back; the guard reads
        // it a moment later, in step STEP + 1.
        MutableClock clock = new MutableClock(Instant.ofEpochSecond((STEP + 1) * 30));
        ReplayGuard guard = ReplayGuard.inMemory(clock, PARAMS, SkewWindow.of(2, 0));
        assertTrue(guard.tryAccept("alice", STEP - 2));
        assertFalse(guard.tryAccept("alice", STEP - 2));
    }

    @Test
    void theUnboundedGuardForgetsNothing() {
        InMemoryReplayGuard guard = (InMemoryReplayGuard) ReplayGuard.inMemory();
        assertTrue(guard.tryAccept("alice", 5));
        for (int i = 0; i < 2_000; i++) {
            guard.tryAccept("other-" + i, Long.MAX_VALUE - 1);
        }
        assertFalse(guard.tryAccept("alice", 5));
        assertTrue(guard.tryAccept("alice", 6));
        assertEquals(2_001, guard.size());
    }

    @Test
    void rejectsNullArguments() {
        MutableClock clock = new MutableClock(START);
        assertThrows(NullPointerException.class, () -> ReplayGuard.inMemory(null, PARAMS, SkewWindow.of(1, 1)));
        assertThrows(NullPointerException.class, () -> ReplayGuard.inMemory(clock, null, SkewWindow.of(1, 1)));
        assertThrows(NullPointerException.class, () -> ReplayGuard.inMemory(clock, PARAMS, null));
    }

    @Test
    void ofEightThreadsRacingForOneStepWhileSweepsRunExactlyOneIsAccepted() throws Exception {
        // Each round moves the clock one step, so every round starts sweeps in the shards its callers land in,
        // and half the callers race for credentials whose previous record is being retired at that moment.
        int threads = 8;
        MutableClock clock = new MutableClock(START);
        ReplayGuard guard = bounded(clock);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier gate = new CyclicBarrier(threads);
            for (int round = 0; round < 500; round++) {
                long step = STEP + round;
                // Credentials accepted 4 steps ago are due for removal in this round.
                String credential = "user-" + (round % 4);
                List<Callable<Boolean>> tasks = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int k = t;
                    tasks.add(() -> {
                        gate.await(10, TimeUnit.SECONDS);
                        for (int i = 0; i < 64; i++) { // touch other shards so that sweeps start meanwhile
                            guard.tryAccept("noise-" + k + "-" + i, step);
                        }
                        return guard.tryAccept(credential, step);
                    });
                }
                int accepted = 0;
                for (Future<Boolean> f : pool.invokeAll(tasks)) {
                    accepted += f.get() ? 1 : 0;
                }
                assertEquals(1, accepted, "round " + round);
                clock.advance(Duration.ofSeconds(30));
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
