package dev.kairos.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.kairos.core.Totp;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.SignInWrite;
import dev.kairos.store.StoredEnrollment;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store calls of a sign-in (each one round trip on a networked store): one in the steady state (the conditional
 * write of the sign-in state), two on a cache miss or a lost race, and every answer without a write decided on a
 * fresh read. Two services on one store stand for two servers.
 */
class SignInRoundTripTest {

    /** The in-memory store (which keeps generations, as the database stores do), recording each call's name. */
    static final class CountingStore implements EnrollmentStore {
        final InMemoryEnrollmentStore real = new InMemoryEnrollmentStore();
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Optional<EnrollmentRecord> find(String accountId) {
            calls.add("find");
            return real.find(accountId);
        }

        @Override
        public Optional<StoredEnrollment> findStored(String accountId) {
            calls.add("findStored");
            return real.findStored(accountId);
        }

        @Override
        public boolean insertIfAbsent(EnrollmentRecord record) {
            calls.add("insertIfAbsent");
            return real.insertIfAbsent(record);
        }

        @Override
        public boolean replaceIfVersion(long expectedVersion, EnrollmentRecord record) {
            calls.add("replaceIfVersion");
            return real.replaceIfVersion(expectedVersion, record);
        }

        @Override
        public SignInWrite replaceSignInIfVersion(long expectedVersion, long generation, EnrollmentRecord record) {
            SignInWrite result = real.replaceSignInIfVersion(expectedVersion, generation, record);
            calls.add("replaceSignInIfVersion:" + result.getClass().getSimpleName());
            return result;
        }

        @Override
        public boolean deleteIfVersion(String accountId, long expectedVersion) {
            calls.add("deleteIfVersion");
            return real.deleteIfVersion(accountId, expectedVersion);
        }

        List<String> take() {
            synchronized (calls) {
                List<String> copy = List.copyOf(calls);
                calls.clear();
                return copy;
            }
        }
    }

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final CountingStore store = new CountingStore();
    final KeyRing keys = KeyRing.of("k1", new byte[32]);
    final Enrollments one = Enrollments.builder(store).issuer("ACME Corp").sealWith(keys).clock(clock).build();
    final Enrollments two = Enrollments.builder(store).issuer("ACME Corp").sealWith(keys).clock(clock).build();
    Totp totp;
    String recoveryCode;

    @BeforeEach
    void enrolAlice() {
        PendingEnrollment p = one.begin("alice", "alice@acme.test").pending().orElseThrow();
        totp = Totp.of(p.secret(), p.parameters());
        recoveryCode = one.confirm("alice", p.handle(), codeNow()).recoveryCodes().get(0);
        clock.advance(Duration.ofSeconds(30));
        store.take();
    }

    private String codeNow() {
        return totp.codeAt(clock.instant());
    }

    private String wrongCode() {
        String code = codeNow();
        return (code.charAt(0) == '9' ? '0' : (char) (code.charAt(0) + 1)) + code.substring(1);
    }

    @Test
    void aSteadyStateSignInIsOneConditionalWriteOfTheSignInState() {
        assertInstanceOf(LoginCheck.Accepted.class, one.verify("alice", codeNow()));
        assertEquals(List.of("replaceSignInIfVersion:Written"), store.take(),
                "first sign-in: the confirmation on this server left its record in the cache");
        clock.advance(Duration.ofSeconds(30));
        assertInstanceOf(LoginCheck.Accepted.class, one.verify("alice", codeNow()));
        assertEquals(List.of("replaceSignInIfVersion:Written"), store.take(), "accepted");
        assertInstanceOf(Outcome.WrongCode.class, one.verify("alice", wrongCode()));
        assertEquals(List.of("replaceSignInIfVersion:Written"), store.take(), "a wrong code is counted the same way");
    }

    @Test
    void aCacheMissReadsOnceThenWrites() {
        assertInstanceOf(LoginCheck.Accepted.class, two.verify("alice", codeNow()));
        assertEquals(List.of("findStored", "replaceSignInIfVersion:Written"), store.take());
    }

    @Test
    void aLostRaceRetriesOnTheStateTheWriteReturnedWithoutARead() {
        assertInstanceOf(LoginCheck.Accepted.class, one.verify("alice", codeNow()));
        two.verify("alice", wrongCode()); // server two reads and counts a failure: server one's cache is behind
        clock.advance(Duration.ofSeconds(30));
        store.take();
        assertInstanceOf(LoginCheck.Accepted.class, one.verify("alice", codeNow()));
        assertEquals(List.of("replaceSignInIfVersion:Lost", "replaceSignInIfVersion:Written"), store.take());
    }

    @Test
    void aCodeAcceptedOnAnotherServerIsReplayedHereThoughTheCacheHadNotSeenIt() {
        one.verify("alice", codeNow()); // cached at this version
        clock.advance(Duration.ofSeconds(30));
        String code = codeNow();
        assertInstanceOf(LoginCheck.Accepted.class, two.verify("alice", code));
        store.take();
        assertInstanceOf(Outcome.Replayed.class, one.verify("alice", code));
        assertEquals(List.of("replaceSignInIfVersion:Lost"), store.take(),
                "the lost write brought the step server two accepted; replayed is decided on it");
        clock.advance(Duration.ofSeconds(30));
        assertInstanceOf(LoginCheck.Accepted.class, one.verify("alice", codeNow()));
        assertEquals(List.of("replaceSignInIfVersion:Written"), store.take(), "and the cache keeps what it learned");
    }

    @Test
    void aWholeWriteOnThisServerKeepsItsCacheCurrent() {
        one.verify("alice", codeNow());
        assertInstanceOf(RecoveryResult.Recovered.class, one.recover("alice", recoveryCode));
        clock.advance(Duration.ofSeconds(30));
        store.take();
        assertInstanceOf(LoginCheck.Accepted.class, one.verify("alice", codeNow()));
        assertEquals(List.of("replaceSignInIfVersion:Written"), store.take(), "the recovery's record was cached");

        clock.advance(Duration.ofSeconds(30));
        assertInstanceOf(DisableResult.Disabled.class, one.disable("alice", codeNow()));
        clock.advance(Duration.ofSeconds(30)); // a code the deleted record would accept
        store.take();
        assertInstanceOf(Outcome.NotEnrolled.class, one.verify("alice", codeNow()));
        assertEquals(List.of("findStored"), store.take(), "a deleted record left the cache");
    }

    @Test
    void aRecordReadAfterARefusalIsCachedForTheNextSignIn() {
        String code = codeNow();
        one.verify("alice", code); // cached: generation 1
        two.recover("alice", recoveryCode); // another generation, elsewhere
        store.take();
        assertInstanceOf(Outcome.Replayed.class, one.verify("alice", code));
        assertEquals(List.of("findStored"), store.take(), "a refusal is decided on a fresh read");
        clock.advance(Duration.ofSeconds(30));
        assertInstanceOf(LoginCheck.Accepted.class, one.verify("alice", codeNow()));
        assertEquals(List.of("replaceSignInIfVersion:Written"), store.take(), "that read was cached");
    }

    @Test
    void aRecordReplacedWholeElsewhereIsReadAgain() {
        one.verify("alice", codeNow());
        assertInstanceOf(RecoveryResult.Recovered.class, two.recover("alice", recoveryCode));
        clock.advance(Duration.ofSeconds(30));
        store.take();
        assertInstanceOf(LoginCheck.Accepted.class, one.verify("alice", codeNow()));
        assertEquals(List.of("replaceSignInIfVersion:Stale", "findStored", "replaceSignInIfVersion:Written"),
                store.take());
    }

    @Test
    void aServiceWithoutAKeyRingCachesNothingSoNoSecretInTheClearOutlivesACall() {
        Enrollments unsealed = Enrollments.builder(store).issuer("ACME Corp").unsealed().clock(clock).build();
        PendingEnrollment p = unsealed.begin("bob", "bob@acme.test").pending().orElseThrow();
        Totp bob = Totp.of(p.secret(), p.parameters());
        unsealed.confirm("bob", p.handle(), bob.codeAt(clock.instant()));
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(30));
            store.take();
            assertInstanceOf(LoginCheck.Accepted.class, unsealed.verify("bob", bob.codeAt(clock.instant())));
            assertEquals(List.of("findStored", "replaceSignInIfVersion:Written"), store.take());
        }
    }

    @Test
    void anAnswerWithoutAWriteIsNeverTakenFromTheCache() {
        one.verify("alice", codeNow()); // cached
        two.disable("alice", recoveryCode);
        store.take();
        assertInstanceOf(Outcome.NotEnrolled.class, one.verify("alice", codeNow()),
                "the cache still holds alice's record, the store has none");
        assertEquals(List.of("findStored"), store.take());
        clock.advance(Duration.ofSeconds(30)); // a code the old record would accept
        assertInstanceOf(Outcome.NotEnrolled.class, one.verify("alice", codeNow()));
        assertEquals(List.of("findStored"), store.take(), "an absent record is not cached");
    }

    @Test
    void aLockoutLiftedOnAnotherServerIsSeenAtOnce() {
        for (int i = 0; i < 20 && !(one.verify("alice", wrongCode()) instanceof Outcome.LockedOut); i++) {
            store.take();
        }
        two.unlock("alice", "admin");
        store.take();
        assertInstanceOf(LoginCheck.Accepted.class, one.verify("alice", codeNow()),
                "the cached record is locked out; the store's is not");
        assertEquals(List.of("findStored", "replaceSignInIfVersion:Written"), store.take());
    }
}
