package dev.kairos.benchmarks;

import static dev.kairos.benchmarks.Fixtures.IDS;
import static dev.kairos.benchmarks.Fixtures.KEYS;
import static dev.kairos.benchmarks.Fixtures.POOL;
import static dev.kairos.benchmarks.Fixtures.RIGHT;
import static dev.kairos.benchmarks.Fixtures.WRONG;

import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpVerifier;
import dev.kairos.core.Verification;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kairos throughput with 1 and 2 threads sharing one verifier, each thread verifying per request for its own
 * stream of users: no lock and no shared mutable state on the verify path should give ~2× with 2 threads (on a
 * machine with 2 idle cores).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KairosThreads {

    /** One verifier for the whole server. */
    @State(Scope.Benchmark)
    public static class Server {
        final TotpVerifier verifier = Kairos.verifier(AcceptAllReplayGuard.INSTANCE);
    }

    /** Each thread's position in the pool of users. */
    @State(Scope.Thread)
    public static class Requests {
        int next = (int) (Thread.currentThread().getId() * 331) & (POOL - 1);

        int next() {
            return next = (next + 1) & (POOL - 1);
        }
    }

    @Benchmark
    @Threads(1)
    public Verification verifyWrong_perRequest_t1(Server server, Requests requests) {
        int k = requests.next();
        return server.verifier.verify(IDS[k], Totp.of(Secret.fromBytes(KEYS[k]), Kairos.PARAMS), WRONG[k]);
    }

    @Benchmark
    @Threads(2)
    public Verification verifyWrong_perRequest_t2(Server server, Requests requests) {
        int k = requests.next();
        return server.verifier.verify(IDS[k], Totp.of(Secret.fromBytes(KEYS[k]), Kairos.PARAMS), WRONG[k]);
    }

    @Benchmark
    @Threads(1)
    public Verification verifyRight_perRequest_t1(Server server, Requests requests) {
        int k = requests.next();
        return server.verifier.verify(IDS[k], Totp.of(Secret.fromBytes(KEYS[k]), Kairos.PARAMS), RIGHT[k]);
    }

    @Benchmark
    @Threads(2)
    public Verification verifyRight_perRequest_t2(Server server, Requests requests) {
        int k = requests.next();
        return server.verifier.verify(IDS[k], Totp.of(Secret.fromBytes(KEYS[k]), Kairos.PARAMS), RIGHT[k]);
    }
}
