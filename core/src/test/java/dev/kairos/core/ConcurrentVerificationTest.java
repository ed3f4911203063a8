package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The replay guard under real threads: of many submissions of one valid code, exactly one is accepted. */
class ConcurrentVerificationTest {

    private static final int THREADS = 64;
    private static final int ROUNDS = 200;

    private static ExecutorService pool;

    @BeforeAll
    static void startThreads() {
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterAll
    static void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void ofSixtyFourThreadsVerifyingTheSameValidCodeExactlyOneIsAcceptedInEveryRound() throws Exception {
        Totp totp = Totp.of(Secret.generate(), TotpParameters.defaults());
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:05Z"));
        TotpVerifier verifier = TotpVerifier.builder().clock(clock).window(SkewWindow.of(1, 1))
                .replayGuard(ReplayGuard.inMemory()).build();
        // All 64 tasks of a round wait here, so they call verify at the same moment (the barrier is reusable).
        CyclicBarrier startGate = new CyclicBarrier(THREADS);

        for (int round = 0; round < ROUNDS; round++) {
            long step = totp.timeStep(clock.instant());
            String code = totp.codeAt(clock.instant());
            List<Callable<Verification>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                tasks.add(() -> {
                    startGate.await(10, TimeUnit.SECONDS);
                    return verifier.verify("alice", totp, code);
                });
            }

            int accepted = 0;
            int replayed = 0;
            for (Future<Verification> f : pool.invokeAll(tasks, 30, TimeUnit.SECONDS)) {
                Verification v = f.get();
                if (v.equals(new Verification.Accepted(step, 0))) {
                    accepted++;
                } else if (v.equals(Verification.Rejected.of(Verification.Reason.REPLAYED))) {
                    replayed++;
                }
            }
            assertEquals(1, accepted, "round " + round + ": accepted");
            assertEquals(THREADS - 1, replayed, "round " + round + ": replayed");

            clock.advance(Duration.ofSeconds(30)); // the next round is a new time step, so one more can win
        }
    }

    @Test
    void ofSixtyFourThreadsOfferingTheSameStepToTheInMemoryGuardExactlyOneWinsInEveryRound() throws Exception {
        // The guard alone, without the HMACs in front of it, so that the threads really arrive together; more
        // rounds, since each is cheap.
        ReplayGuard guard = ReplayGuard.inMemory();
        CyclicBarrier startGate = new CyclicBarrier(THREADS);
        for (int round = 0; round < 2_000; round++) {
            long step = round;
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                tasks.add(() -> {
                    startGate.await(10, TimeUnit.SECONDS);
                    return guard.tryAccept("alice", step);
                });
            }

            int winners = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks, 30, TimeUnit.SECONDS)) {
                winners += f.get() ? 1 : 0;
            }
            assertEquals(1, winners, "round " + round);
        }
    }

    @Test
    void ofSixtyFourThreadsTheCredentialsDoNotShareTheirLastAcceptedStep() throws Exception {
        Totp totp = Totp.of(Secret.generate(), TotpParameters.defaults());
        Instant now = Instant.parse("2030-01-01T00:00:05Z");
        TotpVerifier verifier = TotpVerifier.builder().clock(Clock.fixed(now, ZoneOffset.UTC))
                .replayGuard(ReplayGuard.inMemory()).build();
        String code = totp.codeAt(now);
        CyclicBarrier startGate = new CyclicBarrier(THREADS);
        List<Callable<Verification>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String credential = "user-" + (t % 8); // 8 credentials, 8 threads each
            tasks.add(() -> {
                startGate.await(10, TimeUnit.SECONDS);
                return verifier.verify(credential, totp, code);
            });
        }

        int accepted = 0;
        for (Future<Verification> f : pool.invokeAll(tasks, 30, TimeUnit.SECONDS)) {
            accepted += f.get().isAccepted() ? 1 : 0;
        }

        assertEquals(8, accepted, "one per credential");
    }
}
