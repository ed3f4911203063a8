package dev.kairos.benchmarks;

import dev.kairos.core.ReplayGuard;
import dev.kairos.core.SkewWindow;
import dev.kairos.core.TotpParameters;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of {@code ReplayGuard.inMemory()} alone, added to a right code's verification: {@code tryAccept} for
 * credentials that cycle through {@code credentials} known ids, each accepted once per pass with a later step (so
 * every call takes the accepting path: lookup + compare-and-set).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KairosReplayGuard {

    @Param({"1024", "65536"})
    public int credentials;

    /**
     * {@code unbounded}: {@code ReplayGuard.inMemory()}; {@code bounded}: {@code ReplayGuard.inMemory(clock,
     * defaults, ±1)} on a clock that moves one time step per pass over the credentials, so every pass starts one
     * sweep per shard (which finds nothing to remove: every credential was accepted one step before).
     */
    @Param({"unbounded", "bounded"})
    public String guard;

    private StepClock clock;

    private ReplayGuard replayGuard;
    private String[] ids;
    private long step;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        step = Fixtures.STEP;
        clock = new StepClock(Fixtures.NOW);
        replayGuard = guard.equals("bounded")
                ? ReplayGuard.inMemory(clock, TotpParameters.defaults(), SkewWindow.of(1, 1)) : ReplayGuard.inMemory();
        ids = new String[credentials];
        for (int i = 0; i < credentials; i++) {
            ids[i] = "user-" + i;
            if (!replayGuard.tryAccept(ids[i], step)) {
                throw new IllegalStateException("SELF-CHECK FAILED for ReplayGuard.inMemory: refused a first step");
            }
        }
        if (replayGuard.tryAccept(ids[0], step)) {
            throw new IllegalStateException("SELF-CHECK FAILED for ReplayGuard.inMemory: accepted a replay");
        }
        step++;
        clock.now = clock.now.plusSeconds(30);
    }

    @Benchmark
    public boolean tryAccept_perRequest() {
        int i = next;
        next = (i + 1) & (credentials - 1);
        if (next == 0) {
            step++;
            clock.now = clock.now.plusSeconds(30);
        }
        return replayGuard.tryAccept(ids[i], step);
    }
}
