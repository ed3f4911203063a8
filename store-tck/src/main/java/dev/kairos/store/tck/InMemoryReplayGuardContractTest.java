package dev.kairos.store.tck;

import dev.kairos.core.ReplayGuard;
import dev.kairos.core.SkewWindow;
import dev.kairos.core.TotpParameters;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;

/**
 * The replay-guard kit against core's two in-memory guards. Core cannot depend on the kit (the kit depends on core
 * through store-spi), so the kit runs against them here, in the kit's own tests.
 */
class InMemoryReplayGuardContractTest {

    @Nested
    class Unbounded extends ReplayGuardContract {
        @Override
        protected ReplayGuard newGuard() {
            return ReplayGuard.inMemory();
        }
    }

    @Nested
    class Bounded extends ReplayGuardContract {
        // The clock stands at firstStep(): the bounded guard refuses steps it may already have forgotten.
        private final MutableClock clock = new MutableClock(Instant.EPOCH.plus(Duration.ofSeconds(30)
                .multipliedBy(firstStep())));

        @Override
        protected ReplayGuard newGuard() {
            return ReplayGuard.inMemory(clock, TotpParameters.defaults(), SkewWindow.of(1, 1));
        }
    }
}
