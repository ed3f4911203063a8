package dev.kairos.store.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kairos.core.ReplayGuard;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Proves the replay-guard kit catches what it is for: a guard whose check and record are two steps (the "GET, then
 * SET" mistake) fails the race, and a guard that keeps steps as doubles (a Lua number, a JSON number) fails the exact
 * comparison, while each passes the checks it does not break.
 */
class ReplayGuardKitCatchesBrokenGuardsTest {

    /** Every single call is right, but the check and the record have a gap between them. */
    static final class CheckThenActGuard implements ReplayGuard {
        private final ConcurrentHashMap<String, Long> last = new ConcurrentHashMap<>();

        @Override
        public boolean tryAccept(String credentialId, long timeStep) {
            Long previous = last.get(credentialId);
            if (previous != null && timeStep <= previous) {
                return false;
            }
            try {
                Thread.sleep(1); // a network round trip, in miniature
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            last.put(credentialId, timeStep);
            return true;
        }
    }

    /** Atomic, but the steps are doubles: exact only up to 2^53. */
    static final class DoubleStepGuard implements ReplayGuard {
        private final ConcurrentHashMap<String, Double> last = new ConcurrentHashMap<>();

        @Override
        public boolean tryAccept(String credentialId, long timeStep) {
            boolean[] accepted = new boolean[1];
            last.compute(credentialId, (id, previous) -> {
                accepted[0] = previous == null || (double) timeStep > previous;
                return accepted[0] ? (double) timeStep : previous;
            });
            return accepted[0];
        }
    }

    private static final class Kit extends ReplayGuardContract {
        private final ReplayGuard guard;

        Kit(ReplayGuard guard) {
            this.guard = guard;
        }

        @Override
        protected ReplayGuard newGuard() {
            return guard;
        }
    }

    private interface Check {
        void run(ReplayGuardContract kit) throws Exception;
    }

    private static void run(ReplayGuard guard, Check check) throws Exception {
        Kit kit = new Kit(guard);
        kit.setUpGuard();
        try {
            check.run(kit);
        } finally {
            kit.tearDownGuard();
        }
    }

    @Test
    void theRaceCheckFailsAGuardWhoseCheckAndRecordAreTwoSteps() throws Exception {
        run(new CheckThenActGuard(), kit -> assertThrows(AssertionError.class,
                kit::ofThirtyTwoThreadsAcceptingTheSameStepExactlyOneWinsEveryRound));
    }

    @Test
    void theExactStepCheckFailsAGuardThatKeepsStepsAsDoubles() throws Exception {
        run(new DoubleStepGuard(), kit -> assertThrows(AssertionError.class,
                kit::comparesStepsExactlyUpToLongMaxValue));
    }

    @Test
    void eachBrokenGuardPassesTheChecksItDoesNotBreak() throws Exception {
        // So the failures above come from the race and from the doubles, not from guards wrong in every way.
        for (ReplayGuard guard : new ReplayGuard[] {new CheckThenActGuard(), new DoubleStepGuard()}) {
            run(guard, kit -> {
                kit.acceptsOnlyAStepGreaterThanTheLastAccepted();
                kit.credentialsAreIndependentAndComparedExactly();
            });
        }
        run(new DoubleStepGuard(), ReplayGuardContract::ofThirtyTwoThreadsAcceptingTheSameStepExactlyOneWinsEveryRound);
    }
}
