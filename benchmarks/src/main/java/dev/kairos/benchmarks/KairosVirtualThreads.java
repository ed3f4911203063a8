package dev.kairos.benchmarks;

import static dev.kairos.benchmarks.Fixtures.IDS;
import static dev.kairos.benchmarks.Fixtures.KEYS;
import static dev.kairos.benchmarks.Fixtures.POOL;
import static dev.kairos.benchmarks.Fixtures.WRONG;

import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpVerifier;
import dev.kairos.core.Verification;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kairos verifying per request on virtual threads (Java 21+), the way a server with a virtual thread per request
 * runs it: each invocation starts a fresh virtual thread that verifies {@value #BATCH} requests, joins it, and JMH
 * divides by {@value #BATCH}. So per-thread state the engine builds for a new thread shows up in B/op, amortised
 * over the batch, next to the thread's own cost; {@code emptyVirtualThread} measures that cost alone (same
 * normalisation), to subtract.
 *
 * <p>The benchmarks module compiles for Java 17, so the virtual thread factory is looked up reflectively; on Java
 * 17 these benchmarks fail in setup and the others run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KairosVirtualThreads {

    static final int BATCH = 16;

    private TotpVerifier verifier;
    private ThreadFactory virtualThreads;
    private int next;
    private Verification last;

    @Setup
    public void setUp() throws ReflectiveOperationException {
        verifier = Kairos.verifier(AcceptAllReplayGuard.INSTANCE);
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        virtualThreads = (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory")
                .invoke(builder);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Verification verifyWrong_perRequest_virtual() throws InterruptedException {
        Thread t = virtualThreads.newThread(() -> {
            Verification v = null;
            for (int i = 0; i < BATCH; i++) {
                int k = next = (next + 1) & (POOL - 1);
                v = verifier.verify(IDS[k], Totp.of(Secret.fromBytes(KEYS[k]), Kairos.PARAMS), WRONG[k]);
            }
            last = v;
        });
        t.start();
        t.join();
        return last;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Thread emptyVirtualThread() throws InterruptedException {
        Thread t = virtualThreads.newThread(() -> { });
        t.start();
        t.join();
        return t;
    }
}
