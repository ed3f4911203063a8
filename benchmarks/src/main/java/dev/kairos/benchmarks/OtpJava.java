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
import com.bastiaanjansen.otp.HMACAlgorithm;
import com.bastiaanjansen.otp.TOTPGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

/**
 * com.github.bastiaanjansen:otp-java. Fixed clock: {@code Builder.withClock(Clock.fixed(NOW))}. A
 * {@code TOTPGenerator} holds one key, so per request builds a new one from the user's Base32 secret. Window:
 * {@code verify(code, 1)} = -1..+1.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OtpJava {

    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private TOTPGenerator prepared;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        selfCheck();
        prepared = generator(BASE32[0], 6, CLOCK);
    }

    static TOTPGenerator generator(String base32, int digits, Clock clock) {
        return new TOTPGenerator.Builder(base32.getBytes(StandardCharsets.US_ASCII))
                .withHOTPGenerator(b -> b.withPasswordLength(digits).withAlgorithm(HMACAlgorithm.SHA1))
                .withPeriod(Duration.ofSeconds(30))
                .withClock(clock)
                .build();
    }

    private int next() {
        return next = (next + 1) & (POOL - 1);
    }

    @Benchmark
    public String generate_prepared() {
        return prepared.now();
    }

    @Benchmark
    public String generate_perRequest() {
        return generator(BASE32[next()], 6, CLOCK).now();
    }

    @Benchmark
    public boolean verifyWrong_prepared() {
        return prepared.verify(WRONG[0], 1);
    }

    @Benchmark
    public boolean verifyWrong_perRequest() {
        int k = next();
        return generator(BASE32[k], 6, CLOCK).verify(WRONG[k], 1);
    }

    @Benchmark
    public boolean verifyRight_prepared() {
        return prepared.verify(RIGHT[0], 1);
    }

    @Benchmark
    public boolean verifyRight_perRequest() {
        int k = next();
        return generator(BASE32[k], 6, CLOCK).verify(RIGHT[k], 1);
    }

    static String selfCheck() {
        String lib = "OtpJava";
        Clock rfc = Clock.fixed(java.time.Instant.ofEpochSecond(RFC_TIME), ZoneOffset.UTC);
        check(RFC_CODE_8.equals(generator(RFC_BASE32, 8, rfc).now()), lib, "RFC 6238 vector (59 s, 8 digits)");
        return "RFC 8-digit vector; "
                + checkVerify(lib, (k, code) -> generator(BASE32[k], 6, CLOCK).verify(code, 1), -1, 1);
    }
}
