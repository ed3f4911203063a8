package dev.kairos.benchmarks;

import dev.kairos.core.ReplayGuard;
import dev.kairos.core.Secret;
import dev.kairos.core.SkewWindow;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.core.TotpVerifier;
import dev.kairos.core.Verification;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.KeyRing;
import dev.kairos.mfa.LoginCheck;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.InMemoryEnrollmentStore;
import java.time.Instant;
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
 * The service beside the engine, in the same run: an accepted login through {@code Enrollments.verify} (in-memory
 * store, secret sealed with AES-GCM) and through {@code TotpVerifier.verify} alone (per request: the key bytes a
 * store would return, {@code Secret.fromBytes} + {@code Totp.of}, replay guard {@code ReplayGuard.inMemory()}).
 * Their difference is what the service adds per request: the store's find and compare-and-set, the AES-GCM open of
 * the secret, the record's next version and the event.
 *
 * <p>Both take the accepting path on every call: a {@link StepClock} moves one period per call and the right code
 * of that step (computed before, with the JCA reference) is presented. After {@value #STEPS} calls the service's
 * record is put back to its first step (one {@code replaceIfVersion}, 1/{@value #STEPS} of a call) and the engine
 * gets a fresh guard, so the steps can be reused.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ServiceVsEngine {

    static final int STEPS = 1 << 14;
    static final String ACCOUNT = "alice";

    private StepClock clock;
    private Instant[] instants;
    private String[] codes;
    private byte[] key;
    private long firstStep;
    private int next;

    private EnrollmentStore store;
    private Enrollments mfa;
    private EnrollmentRecord confirmed;

    private TotpVerifier verifier;

    @Setup(Level.Trial)
    public void setUp() {
        Instant start = Fixtures.NOW;
        clock = new StepClock(start);
        store = new InMemoryEnrollmentStore();
        byte[] sealKey = new byte[32];
        sealKey[0] = 1;
        mfa = Enrollments.builder(store).issuer("Bench").clock(clock).sealWith(KeyRing.of("k1", sealKey)).build();
        PendingEnrollment p = mfa.begin(ACCOUNT, "alice@acme.test").pending().orElseThrow();
        key = p.secret().bytes();
        firstStep = start.getEpochSecond() / 30;
        if (!mfa.confirm(ACCOUNT, p.handle(), Fixtures.sixDigits(Fixtures.reference(key, firstStep, 6))).succeeded()) {
            throw new IllegalStateException("SELF-CHECK FAILED: confirmation refused");
        }
        confirmed = store.find(ACCOUNT).orElseThrow();
        instants = new Instant[STEPS];
        codes = new String[STEPS];
        for (int i = 0; i < STEPS; i++) {
            instants[i] = start.plusSeconds(30L * (i + 1));
            codes[i] = Fixtures.sixDigits(Fixtures.reference(key, firstStep + 1 + i, 6));
        }
        verifier = newVerifier();
        // Self-check: both accept a fresh code and refuse its replay.
        clock.now = instants[0];
        check(mfa.verify(ACCOUNT, codes[0]).isAccepted() && !mfa.verify(ACCOUNT, codes[0]).isAccepted(), "service");
        Totp totp = Totp.of(Secret.fromBytes(key), TotpParameters.defaults());
        check(verifier.verify(ACCOUNT, totp, codes[0]) instanceof Verification.Accepted
                && !(verifier.verify(ACCOUNT, totp, codes[0]) instanceof Verification.Accepted), "engine");
        rewind();
    }

    private TotpVerifier newVerifier() {
        return TotpVerifier.builder().clock(clock).window(SkewWindow.of(1, 1)).replayGuard(ReplayGuard.inMemory())
                .build();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("SELF-CHECK FAILED for ServiceVsEngine: " + what);
        }
    }

    /** Puts the service's record back to its confirmation step and gives the engine a fresh guard. */
    private void rewind() {
        EnrollmentRecord now = store.find(ACCOUNT).orElseThrow();
        EnrollmentRecord back = new EnrollmentRecord(now.accountId(), now.label(), now.secret(), now.parameters(),
                now.state(), now.createdAt(), now.confirmedAt(), confirmed.lastAcceptedStep(), 0,
                now.lockedUntil(), now.recoveryCodes(), now.version() + 1);
        if (!store.replaceIfVersion(now.version(), back)) {
            throw new IllegalStateException("rewind failed");
        }
        verifier = newVerifier();
        next = 0;
    }

    private int step() {
        int i = next;
        if (i == STEPS) {
            rewind();
            i = 0;
        }
        next = i + 1;
        clock.now = instants[i];
        return i;
    }

    /**
     * {@code Enrollments.verify}, accepted: find, AES-GCM open, 3 HMACs, compare-and-set.
     *
     * @return the result
     */
    @Benchmark
    public LoginCheck service_verifyAccepted() {
        int i = step();
        LoginCheck r = mfa.verify(ACCOUNT, codes[i]);
        if (!r.isAccepted()) {
            throw new IllegalStateException("expected accepted, got " + r);
        }
        return r;
    }

    /**
     * {@code TotpVerifier.verify}, accepted, per request ({@code Secret.fromBytes} + {@code Totp.of}), guard
     * {@code ReplayGuard.inMemory()}.
     *
     * @return the result
     */
    @Benchmark
    public Verification engine_verifyAccepted_perRequest() {
        int i = step();
        Verification v = verifier.verify(ACCOUNT, Totp.of(Secret.fromBytes(key), TotpParameters.defaults()),
                codes[i]);
        if (!(v instanceof Verification.Accepted)) {
            throw new IllegalStateException("expected accepted, got " + v);
        }
        return v;
    }
}
