package dev.kairos.benchmarks;

import static dev.kairos.benchmarks.Fixtures.KEYS;
import static dev.kairos.benchmarks.Fixtures.POOL;
import static dev.kairos.benchmarks.Fixtures.STEP;

import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
 * The floors no TOTP library can beat on this JDK, written with the bare JCA.
 *
 * <ul>
 *   <li>{@code hmac1_prepared}, {@code hmac3_prepared}: one / three HMAC-SHA1 of an 8-byte counter with a reused,
 *       initialised {@code Mac} into a reused buffer (three = the floor of verifying a wrong code with a ±1 window).
 *   <li>{@code hmac1Format_prepared}: one HMAC + RFC 4226 truncation + writing 6 ASCII digits into a new String
 *       (the floor of generating a code).
 *   <li>{@code initHmac1_perRequest}, {@code initHmac3_perRequest}: the per-request floor — a new key each call:
 *       {@code new SecretKeySpec} from the user's key bytes (the JCA takes nothing else) and {@code Mac.init},
 *       then one / three HMACs.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Limit {

    private final byte[] message = new byte[8];
    private final byte[] out = new byte[20];
    private Mac mac;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(KEYS[0], "HmacSHA1"));
    }

    private int next() {
        return next = (next + 1) & (POOL - 1);
    }

    /** One HMAC-SHA1 of the 8-byte big-endian counter; returns a byte of it so the work is not dead code. */
    private int hmac(long counter) throws GeneralSecurityException {
        byte[] msg = message;
        for (int i = 7; i >= 0; i--) {
            msg[i] = (byte) counter;
            counter >>>= 8;
        }
        mac.update(msg, 0, 8);
        mac.doFinal(out, 0);
        return out[19];
    }

    @Benchmark
    public int hmac1_prepared() throws GeneralSecurityException {
        return hmac(STEP);
    }

    @Benchmark
    public int hmac3_prepared() throws GeneralSecurityException {
        return hmac(STEP - 1) ^ hmac(STEP) ^ hmac(STEP + 1);
    }

    @Benchmark
    public String hmac1Format_prepared() throws GeneralSecurityException {
        hmac(STEP);
        byte[] h = out;
        int o = h[19] & 0x0f;
        int value = (((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff))
                % 1_000_000;
        char[] digits = new char[6];
        for (int i = 5; i >= 0; i--) {
            digits[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return new String(digits);
    }

    @Benchmark
    public int initHmac1_perRequest() throws GeneralSecurityException {
        mac.init(new SecretKeySpec(KEYS[next()], "HmacSHA1"));
        return hmac(STEP);
    }

    @Benchmark
    public int initHmac3_perRequest() throws GeneralSecurityException {
        mac.init(new SecretKeySpec(KEYS[next()], "HmacSHA1"));
        return hmac(STEP - 1) ^ hmac(STEP) ^ hmac(STEP + 1);
    }
}
