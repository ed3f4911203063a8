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
import com.warrenstrange.googleauth.GoogleAuthenticator;
import com.warrenstrange.googleauth.GoogleAuthenticatorConfig;

/**
 * com.warrenstrange:googleauth. Fixed clock: {@code authorize(secret, code, timeMillis)} and
 * {@code getTotpPassword(secret, timeMillis)} take the time. Codes are {@code int}s (no formatting). The
 * authenticator takes the Base32 secret on every call, so it is built once in both forms. Window: window size 3 =
 * -1..+1.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GoogleAuth {

    private GoogleAuthenticator auth;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        selfCheck();
        auth = authenticator(6);
    }

    static GoogleAuthenticator authenticator(int digits) {
        return new GoogleAuthenticator(new GoogleAuthenticatorConfig.GoogleAuthenticatorConfigBuilder()
                .setCodeDigits(digits)
                .setTimeStepSizeInMillis(30_000)
                .setWindowSize(3)
                .build());
    }

    private int next() {
        return next = (next + 1) & (POOL - 1);
    }

    @Benchmark
    public int generate_prepared() {
        return auth.getTotpPassword(BASE32[0], NOW_MILLIS);
    }

    @Benchmark
    public int generate_perRequest() {
        return auth.getTotpPassword(BASE32[next()], NOW_MILLIS);
    }

    @Benchmark
    public boolean verifyWrong_prepared() {
        return auth.authorize(BASE32[0], WRONG_INT[0], NOW_MILLIS);
    }

    @Benchmark
    public boolean verifyWrong_perRequest() {
        int k = next();
        return auth.authorize(BASE32[k], WRONG_INT[k], NOW_MILLIS);
    }

    @Benchmark
    public boolean verifyRight_prepared() {
        return auth.authorize(BASE32[0], RIGHT_INT[0], NOW_MILLIS);
    }

    @Benchmark
    public boolean verifyRight_perRequest() {
        int k = next();
        return auth.authorize(BASE32[k], RIGHT_INT[k], NOW_MILLIS);
    }

    static String selfCheck() {
        String lib = "GoogleAuth";
        check(Integer.parseInt(RFC_CODE_8) == authenticator(8).getTotpPassword(RFC_BASE32, RFC_TIME * 1000),
                lib, "RFC 6238 vector (59 s, 8 digits)");
        GoogleAuthenticator a = authenticator(6);
        return "RFC 8-digit vector; "
                + checkVerify(lib, (k, code) -> a.authorize(BASE32[k], Integer.parseInt(code), NOW_MILLIS), -1, 1);
    }
}
