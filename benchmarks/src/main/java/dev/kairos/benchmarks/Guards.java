package dev.kairos.benchmarks;

import dev.kairos.core.ReplayGuard;
import java.time.Clock;
import java.util.List;

/** The in-memory guards the heap measurement compares. */
final class Guards {
    static final List<String> KINDS = List.of("inMemory()");

    private Guards() {
    }

    static ReplayGuard create(String kind, Clock clock) {
        return ReplayGuard.inMemory();
    }
}
