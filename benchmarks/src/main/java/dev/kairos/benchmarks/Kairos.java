package dev.kairos.benchmarks;

import static dev.kairos.benchmarks.Fixtures.BASE32;
import static dev.kairos.benchmarks.Fixtures.IDS;
import static dev.kairos.benchmarks.Fixtures.KEYS;
import static dev.kairos.benchmarks.Fixtures.NOW;
import static dev.kairos.benchmarks.Fixtures.POOL;
import static dev.kairos.benchmarks.Fixtures.RIGHT;
import static dev.kairos.benchmarks.Fixtures.WRONG;
import static dev.kairos.benchmarks.Fixtures.check;

import dev.kairos.core.HmacAlgorithm;
import dev.kairos.core.Secret;
import dev.kairos.core.SkewWindow;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.core.TotpVerifier;
import dev.kairos.core.Verification;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kairos. Fixed clock: {@code Clock.fixed(NOW)}. Per request, a server loads the user's key bytes and builds
 * {@code Secret.fromBytes} + {@code Totp.of}; the verifier is one for the whole server. The {@code _perRequestBase32}
 * variants decode the Base32 key on every call ({@code Secret.fromBase32}), as the string-keyed peers do. {@code verifyRight} uses
 * {@link AcceptAllReplayGuard} (see there).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Kairos {

    static final TotpParameters PARAMS = TotpParameters.defaults();

    private Totp prepared;
    private TotpVerifier verifier;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        selfCheck();
        prepared = Totp.of(Secret.fromBytes(KEYS[0]), PARAMS);
        verifier = verifier(AcceptAllReplayGuard.INSTANCE);
    }

    static TotpVerifier verifier(dev.kairos.core.ReplayGuard guard) {
        return TotpVerifier.builder()
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .window(SkewWindow.of(1, 1))
                .replayGuard(guard)
                .build();
    }

    private int next() {
        return next = (next + 1) & (POOL - 1);
    }

    @Benchmark
    public String generate_prepared() {
        return prepared.codeAt(NOW);
    }

    @Benchmark
    public String generate_perRequest() {
        return Totp.of(Secret.fromBytes(KEYS[next()]), PARAMS).codeAt(NOW);
    }

    /** Per request with the key as the string-keyed peers take it: {@code Secret.fromBase32} on every call. */
    @Benchmark
    public String generate_perRequestBase32() {
        return Totp.of(Secret.fromBase32(BASE32[next()]), PARAMS).codeAt(NOW);
    }

    @Benchmark
    public Verification verifyWrong_perRequestBase32() {
        int k = next();
        return verifier.verify(IDS[k], Totp.of(Secret.fromBase32(BASE32[k]), PARAMS), WRONG[k]);
    }

    @Benchmark
    public Verification verifyRight_perRequestBase32() {
        int k = next();
        return verifier.verify(IDS[k], Totp.of(Secret.fromBase32(BASE32[k]), PARAMS), RIGHT[k]);
    }

    @Benchmark
    public Verification verifyWrong_prepared() {
        return verifier.verify(IDS[0], prepared, WRONG[0]);
    }

    @Benchmark
    public Verification verifyWrong_perRequest() {
        int k = next();
        return verifier.verify(IDS[k], Totp.of(Secret.fromBytes(KEYS[k]), PARAMS), WRONG[k]);
    }

    @Benchmark
    public Verification verifyRight_prepared() {
        return verifier.verify(IDS[0], prepared, RIGHT[0]);
    }

    @Benchmark
    public Verification verifyRight_perRequest() {
        int k = next();
        return verifier.verify(IDS[k], Totp.of(Secret.fromBytes(KEYS[k]), PARAMS), RIGHT[k]);
    }

    static String selfCheck() {
        String lib = "Kairos";
        TotpParameters eight = new TotpParameters(HmacAlgorithm.SHA1, 8, PARAMS.period(), PARAMS.epoch());
        check(Fixtures.RFC_CODE_8.equals(Totp.of(Secret.fromBytes(Fixtures.RFC_KEY), eight)
                .codeAt(Instant.ofEpochSecond(Fixtures.RFC_TIME))), lib, "RFC 6238 vector (59 s, 8 digits)");
        for (int k = 0; k < POOL; k += 97) {
            check(RIGHT[k].equals(Totp.of(Secret.fromBytes(KEYS[k]), PARAMS).codeAt(NOW)), lib, "generate, key " + k);
        }
        TotpVerifier v = verifier(AcceptAllReplayGuard.INSTANCE);
        return "RFC 8-digit vector; " + Fixtures.checkVerify(lib,
                (k, code) -> v.verify(IDS[k], Totp.of(Secret.fromBytes(KEYS[k]), PARAMS), code)
                        instanceof Verification.Accepted
                        && v.verify(IDS[k], Totp.of(Secret.fromBase32(Fixtures.BASE32[k]), PARAMS), code)
                        instanceof Verification.Accepted, -1, 1);
    }
}
