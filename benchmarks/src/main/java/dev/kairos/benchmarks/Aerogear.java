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
import org.jboss.aerogear.security.otp.Totp;
import org.jboss.aerogear.security.otp.api.Clock;

/**
 * org.jboss.aerogear:aerogear-otp-java. Fixed clock: a {@code Clock} subclass returning the fixed step (its own
 * {@code getCurrentInterval} builds a {@code GregorianCalendar} on every call, which this skips: production is
 * slower than measured here). A {@code Totp} holds one Base32 secret, so per request builds a new one. 6 digits
 * only (no 8-digit RFC vector: checked with the 6-digit 287082). Window: fixed at -1..0, so its worst case is 2
 * HMACs, not 3.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Aerogear {

    /** Returns a fixed time step. */
    static final class FixedClock extends Clock {
        private final long step;

        FixedClock(long step) {
            this.step = step;
        }

        @Override
        public long getCurrentInterval() {
            return step;
        }
    }

    private static final Clock CLOCK = new FixedClock(STEP);

    private Totp prepared;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        selfCheck();
        prepared = new Totp(BASE32[0], CLOCK);
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
        return new Totp(BASE32[next()], CLOCK).now();
    }

    @Benchmark
    public boolean verifyWrong_prepared() {
        return prepared.verify(WRONG[0]);
    }

    @Benchmark
    public boolean verifyWrong_perRequest() {
        int k = next();
        return new Totp(BASE32[k], CLOCK).verify(WRONG[k]);
    }

    @Benchmark
    public boolean verifyRight_prepared() {
        return prepared.verify(RIGHT[0]);
    }

    @Benchmark
    public boolean verifyRight_perRequest() {
        int k = next();
        return new Totp(BASE32[k], CLOCK).verify(RIGHT[k]);
    }

    static String selfCheck() {
        String lib = "Aerogear";
        check(RFC_CODE_6.equals(new Totp(RFC_BASE32, new FixedClock(RFC_TIME / 30)).now()), lib,
                "RFC 6238 vector (59 s, 6 digits)");
        return "RFC 6-digit vector; " + checkVerify(lib, (k, code) -> new Totp(BASE32[k], CLOCK).verify(code), -1, 0);
    }
}
