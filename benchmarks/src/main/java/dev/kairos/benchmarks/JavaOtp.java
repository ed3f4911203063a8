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
import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;

/**
 * com.eatthepath:java-otp. Fixed clock: the generator takes an {@code Instant}. Codes are {@code int}s (no
 * formatting). java-otp has no verifier: {@link #verify} is the loop over -1..+1 its users write (early exit on a
 * match). Per request builds the {@code SecretKeySpec} the API requires from the user's key bytes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JavaOtp {

    private static final Instant[] WINDOW = {NOW.minusSeconds(30), NOW, NOW.plusSeconds(30)};

    private TimeBasedOneTimePasswordGenerator generator;
    private Key prepared;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        selfCheck();
        generator = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6, "HmacSHA1");
        prepared = new SecretKeySpec(KEYS[0], "HmacSHA1");
    }

    private int next() {
        return next = (next + 1) & (POOL - 1);
    }

    static boolean verify(TimeBasedOneTimePasswordGenerator generator, Key key, int code) throws Exception {
        for (Instant t : WINDOW) {
            if (generator.generateOneTimePassword(key, t) == code) {
                return true;
            }
        }
        return false;
    }

    @Benchmark
    public int generate_prepared() throws Exception {
        return generator.generateOneTimePassword(prepared, NOW);
    }

    @Benchmark
    public int generate_perRequest() throws Exception {
        return generator.generateOneTimePassword(new SecretKeySpec(KEYS[next()], "HmacSHA1"), NOW);
    }

    @Benchmark
    public boolean verifyWrong_prepared() throws Exception {
        return verify(generator, prepared, WRONG_INT[0]);
    }

    @Benchmark
    public boolean verifyWrong_perRequest() throws Exception {
        int k = next();
        return verify(generator, new SecretKeySpec(KEYS[k], "HmacSHA1"), WRONG_INT[k]);
    }

    @Benchmark
    public boolean verifyRight_prepared() throws Exception {
        return verify(generator, prepared, RIGHT_INT[0]);
    }

    @Benchmark
    public boolean verifyRight_perRequest() throws Exception {
        int k = next();
        return verify(generator, new SecretKeySpec(KEYS[k], "HmacSHA1"), RIGHT_INT[k]);
    }

    static String selfCheck() {
        String lib = "JavaOtp";
        try {
            TimeBasedOneTimePasswordGenerator eight =
                    new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 8, "HmacSHA1");
            check(Integer.parseInt(RFC_CODE_8)
                    == eight.generateOneTimePassword(new SecretKeySpec(RFC_KEY, "HmacSHA1"), Instant.ofEpochSecond(RFC_TIME)),
                    lib, "RFC 6238 vector (59 s, 8 digits)");
        } catch (Exception e) {
            throw new IllegalStateException("SELF-CHECK FAILED for " + lib, e);
        }
        TimeBasedOneTimePasswordGenerator g = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6, "HmacSHA1");
        return "RFC 8-digit vector; " + checkVerify(lib,
                (k, code) -> verify(g, new SecretKeySpec(KEYS[k], "HmacSHA1"), Integer.parseInt(code)), -1, 1);
    }
}
