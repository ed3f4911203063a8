package dev.kairos.benchmarks;

import static dev.kairos.benchmarks.Fixtures.*;

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
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.DefaultCodeVerifier;
import dev.samstevens.totp.code.HashingAlgorithm;

/**
 * dev.samstevens.totp:totp. Fixed clock: its {@code TimeProvider} returns NOW. Generator and verifier take the
 * Base32 secret on every call, so they are built once in both forms; per request passes another user's secret.
 * Window: {@code setAllowedTimePeriodDiscrepancy(1)} = -1..+1.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SamStevens {

    private DefaultCodeGenerator generator;
    private DefaultCodeVerifier verifier;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        selfCheck();
        generator = new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6);
        verifier = verifier(generator);
    }

    static DefaultCodeVerifier verifier(DefaultCodeGenerator generator) {
        DefaultCodeVerifier v = new DefaultCodeVerifier(generator, () -> NOW.getEpochSecond());
        v.setTimePeriod(30);
        v.setAllowedTimePeriodDiscrepancy(1);
        return v;
    }

    private int next() {
        return next = (next + 1) & (POOL - 1);
    }

    @Benchmark
    public String generate_prepared() throws Exception {
        return generator.generate(BASE32[0], STEP);
    }

    @Benchmark
    public String generate_perRequest() throws Exception {
        return generator.generate(BASE32[next()], STEP);
    }

    @Benchmark
    public boolean verifyWrong_prepared() {
        return verifier.isValidCode(BASE32[0], WRONG[0]);
    }

    @Benchmark
    public boolean verifyWrong_perRequest() {
        int k = next();
        return verifier.isValidCode(BASE32[k], WRONG[k]);
    }

    @Benchmark
    public boolean verifyRight_prepared() {
        return verifier.isValidCode(BASE32[0], RIGHT[0]);
    }

    @Benchmark
    public boolean verifyRight_perRequest() {
        int k = next();
        return verifier.isValidCode(BASE32[k], RIGHT[k]);
    }

    static String selfCheck() {
        String lib = "SamStevens";
        try {
            check(RFC_CODE_8.equals(new DefaultCodeGenerator(HashingAlgorithm.SHA1, 8).generate(RFC_BASE32, RFC_TIME / 30)),
                    lib, "RFC 6238 vector (59 s, 8 digits)");
        } catch (Exception e) {
            throw new IllegalStateException("SELF-CHECK FAILED for " + lib, e);
        }
        DefaultCodeVerifier v = verifier(new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6));
        return "RFC 8-digit vector; " + checkVerify(lib, (k, code) -> v.isValidCode(BASE32[k], code), -1, 1);
    }
}
