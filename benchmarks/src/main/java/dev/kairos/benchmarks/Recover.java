package dev.kairos.benchmarks;

import dev.kairos.mfa.Confirmation;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.KeyRing;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.mfa.RecoveryResult;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.RecoveryCodeHash;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
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
 * {@code Enrollments.recover} with a wrong and with a right recovery code, on a record whose 10 codes are
 * <ul>
 *   <li>{@code legacy}: in the first release's format, one salt per code ({@code pbkdf2-sha256$4096$<salt>$<hash>},
 *       PBKDF2WithHmacSHA256, 16-byte salts, 256-bit hashes, Base64 without padding; built here, 12-character
 *       codes as that release issued): 10 PBKDF2 runs per attempt, right or wrong;</li>
 *   <li>{@code set}: a set issued by today's {@code confirm} (one salt for the set): one PBKDF2 run per attempt.</li>
 * </ul>
 * In-memory store, sealed secret. A right code is used up by the call, so before each call (outside the timing,
 * {@code Level.Invocation}, fine at milliseconds per call) the record is put back with all codes unused.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Recover {

    static final String SET = "set-account";
    static final String LEGACY = "legacy-account";
    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    private EnrollmentStore store;
    private Enrollments mfa;
    private EnrollmentRecord setRecord;
    private EnrollmentRecord legacyRecord;
    private String setRight;
    private String setWrong;
    private String legacyRight;
    private String legacyWrong;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        store = new InMemoryEnrollmentStore();
        mfa = Enrollments.builder(store).issuer("Bench").clock(Clock.fixed(Fixtures.NOW, ZoneOffset.UTC))
                .sealWith(KeyRing.of("k1", new byte[32])).build();
        List<String> issued = enroll(SET);
        setRecord = store.find(SET).orElseThrow();
        setRight = issued.get(issued.size() - 1);
        setWrong = "2345-6789-ABCD-EFGH";

        enroll(LEGACY);
        SecureRandom random = new SecureRandom();
        List<String> legacyCodes = new ArrayList<>();
        List<RecoveryCodeHash> hashes = new ArrayList<>();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        for (int i = 0; i < 10; i++) {
            StringBuilder code = new StringBuilder();
            for (int c = 0; c < 12; c++) {
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            PBEKeySpec spec = new PBEKeySpec(code.toString().toCharArray(), salt, 4096, 256);
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            hashes.add(new RecoveryCodeHash("pbkdf2-sha256$4096$" + b64.encodeToString(salt) + "$"
                    + b64.encodeToString(hash), false));
            legacyCodes.add(code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8));
        }
        EnrollmentRecord r = store.find(LEGACY).orElseThrow();
        legacyRecord = copy(r, hashes, r.version() + 1);
        if (!store.replaceIfVersion(r.version(), legacyRecord)) {
            throw new IllegalStateException("could not store the legacy codes");
        }
        legacyRight = legacyCodes.get(legacyCodes.size() - 1);
        legacyWrong = "2345-6789-ABCD";

        check(mfa.recover(SET, setRight).succeeded() && !mfa.recover(SET, setWrong).succeeded(), "set");
        check(mfa.recover(LEGACY, legacyRight).succeeded() && !mfa.recover(LEGACY, legacyWrong).succeeded(),
                "legacy");
        restore();
    }

    private List<String> enroll(String account) {
        PendingEnrollment p = mfa.begin(account, account + "@acme.test").pending().orElseThrow();
        String code = Fixtures.sixDigits(Fixtures.reference(p.secret().bytes(), Fixtures.STEP, 6));
        Confirmation c = mfa.confirm(account, p.handle(), code);
        check(c instanceof Confirmation.Confirmed, "confirm");
        return ((Confirmation.Confirmed) c).recoveryCodes();
    }

    private static EnrollmentRecord copy(EnrollmentRecord r, List<RecoveryCodeHash> codes, long version) {
        return new EnrollmentRecord(r.accountId(), r.label(), r.secret(), r.parameters(), r.state(), r.createdAt(),
                r.confirmedAt(), r.lastAcceptedStep(), r.consecutiveFailures(), r.lockedUntil(), codes, version);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("SELF-CHECK FAILED for Recover: " + what);
        }
    }

    /** Puts both records back with every code unused (a right code was used up by the last call). */
    @Setup(Level.Invocation)
    public void restore() {
        for (EnrollmentRecord original : List.of(setRecord, legacyRecord)) {
            EnrollmentRecord now = store.find(original.accountId()).orElseThrow();
            if (now.unusedRecoveryCodes() != original.recoveryCodes().size()
                    && !store.replaceIfVersion(now.version(), copy(now, original.recoveryCodes(), now.version() + 1))) {
                throw new IllegalStateException("restore failed");
            }
        }
    }

    /** A wrong code, first-release record: 10 PBKDF2 runs. */
    @Benchmark
    public RecoveryResult recoverWrong_legacy() {
        return mfa.recover(LEGACY, legacyWrong);
    }

    /** A right code, first-release record: 10 PBKDF2 runs and a compare-and-set. */
    @Benchmark
    public RecoveryResult recoverRight_legacy() {
        return mfa.recover(LEGACY, legacyRight);
    }

    /** A wrong code, a set issued by today's confirm: 1 PBKDF2 run. */
    @Benchmark
    public RecoveryResult recoverWrong_set() {
        return mfa.recover(SET, setWrong);
    }

    /** A right code, a set issued by today's confirm: 1 PBKDF2 run and a compare-and-set. */
    @Benchmark
    public RecoveryResult recoverRight_set() {
        return mfa.recover(SET, setRight);
    }
}
