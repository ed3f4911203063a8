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
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import org.keycloak.models.utils.TimeBasedOTP;

/**
 * Keycloak's {@code TimeBasedOTP} (keycloak-server-spi-private, superclass {@code HmacOTP} in keycloak-server-spi).
 * Fixed clock: {@code setCalendar} with a calendar at NOW (without it, Keycloak builds a {@code GregorianCalendar}
 * on every call: production is slower than measured here). It takes the key bytes on every call, so it is built
 * once in both forms. Window: look-around 1 = -1..+1.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Keycloak {

    private TimeBasedOTP otp;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        selfCheck();
        otp = otp(6, NOW_MILLIS);
    }

    static TimeBasedOTP otp(int digits, long millis) {
        TimeBasedOTP otp = new TimeBasedOTP("HmacSHA1", digits, 30, 1);
        Calendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        calendar.setTimeInMillis(millis);
        otp.setCalendar(calendar);
        return otp;
    }

    private int next() {
        return next = (next + 1) & (POOL - 1);
    }

    @Benchmark
    public String generate_prepared() {
        return otp.generateTOTP(KEYS[0]);
    }

    @Benchmark
    public String generate_perRequest() {
        return otp.generateTOTP(KEYS[next()]);
    }

    @Benchmark
    public boolean verifyWrong_prepared() {
        return otp.validateTOTP(WRONG[0], KEYS[0]);
    }

    @Benchmark
    public boolean verifyWrong_perRequest() {
        int k = next();
        return otp.validateTOTP(WRONG[k], KEYS[k]);
    }

    @Benchmark
    public boolean verifyRight_prepared() {
        return otp.validateTOTP(RIGHT[0], KEYS[0]);
    }

    @Benchmark
    public boolean verifyRight_perRequest() {
        int k = next();
        return otp.validateTOTP(RIGHT[k], KEYS[k]);
    }

    static String selfCheck() {
        String lib = "Keycloak";
        check(RFC_CODE_8.equals(otp(8, RFC_TIME * 1000).generateTOTP(RFC_KEY)), lib, "RFC 6238 vector (59 s, 8 digits)");
        TimeBasedOTP o = otp(6, NOW_MILLIS);
        return "RFC 8-digit vector; " + checkVerify(lib, (k, code) -> o.validateTOTP(code, KEYS[k]), -1, 1);
    }
}
