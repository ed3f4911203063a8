package dev.kairos.benchmarks;

import dev.kairos.core.ReplayGuard;
import dev.kairos.core.SkewWindow;
import dev.kairos.core.TotpParameters;
import java.time.Clock;
import java.util.List;

/** The in-memory guards the heap measurement compares. */
final class Guards {
    static final List<String> KINDS = List.of("inMemory()", "inMemory(clock, defaults, ±1)");

    private Guards() {
    }

    static ReplayGuard create(String kind, Clock clock) {
        return kind.equals("inMemory()") ? ReplayGuard.inMemory()
                : ReplayGuard.inMemory(clock, TotpParameters.defaults(), SkewWindow.of(1, 1));
    }
}
