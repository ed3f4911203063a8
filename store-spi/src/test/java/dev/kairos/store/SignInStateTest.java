package dev.kairos.store;

import static dev.kairos.store.InMemoryEnrollmentStoreTest.T0;
import static dev.kairos.store.InMemoryEnrollmentStoreTest.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The sign-in half of the SPI in this module's own tests (the contract kit in store-tck runs the same rules on every
 * store): {@link SignInState}, {@link StoredEnrollment} and {@link SignInWrite} as values, the record's split into
 * the two parts, the reference store's generations, and the default methods a store written before them inherits.
 */
class SignInStateTest {

    static final Instant LOCKED = Instant.parse("2026-03-01T10:05:00.456Z");
    static final Instant RESTORED = Instant.parse("2026-03-02T10:00:00.789Z");

    @Test
    void aSignInStateAcceptsEachFieldFromItsLowestValueAndRefusesBelowItNamingTheField() {
        SignInState lowest = new SignInState(EnrollmentRecord.NO_STEP, 0, Optional.empty(), Optional.empty(), 1);
        assertEquals(-1, lowest.lastAcceptedStep());
        assertEquals(0, lowest.consecutiveFailures());
        assertEquals(1, lowest.version());

        IllegalArgumentException step = assertThrows(IllegalArgumentException.class,
                () -> new SignInState(-2, 0, Optional.empty(), Optional.empty(), 1));
        assertTrue(step.getMessage().contains("lastAcceptedStep") && step.getMessage().contains("-2"),
                step.getMessage());
        IllegalArgumentException failures = assertThrows(IllegalArgumentException.class,
                () -> new SignInState(0, -1, Optional.empty(), Optional.empty(), 1));
        assertTrue(failures.getMessage().contains("consecutiveFailures"), failures.getMessage());
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
                () -> new SignInState(0, 0, Optional.empty(), Optional.empty(), 0));
        assertTrue(version.getMessage().contains("version"), version.getMessage());
        NullPointerException locked = assertThrows(NullPointerException.class,
                () -> new SignInState(0, 0, null, Optional.empty(), 1));
        assertEquals("lockedUntil", locked.getMessage());
        NullPointerException budget = assertThrows(NullPointerException.class,
                () -> new SignInState(0, 0, Optional.empty(), null, 1));
        assertEquals("budgetRestoredAt", budget.getMessage());
    }

    @Test
    void aSignInStateKeepsItsInstantsToTheMillisecondAsTheRecordDoes() {
        Instant fine = LOCKED.plusNanos(999_999);
        SignInState s = new SignInState(5, 2, Optional.of(fine), Optional.of(RESTORED.plusNanos(1)), 3);
        assertEquals(Optional.of(LOCKED), s.lockedUntil());
        assertEquals(Optional.of(RESTORED), s.budgetRestoredAt());
        assertEquals(s, new SignInState(5, 2, Optional.of(LOCKED), Optional.of(RESTORED), 3));
    }

    @Test
    void aStoredRecordsGenerationLiesBetweenOneAndItsVersion() {
        EnrollmentRecord r = record("alice", 4, List.of());
        assertEquals(1, new StoredEnrollment(r, 1).generation());
        assertEquals(4, new StoredEnrollment(r, 4).generation());
        for (long wrong : new long[] {0, 5, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new StoredEnrollment(r, wrong), "generation " + wrong);
            assertTrue(e.getMessage().contains("got " + wrong) && e.getMessage().contains("version 4"),
                    e.getMessage());
        }
        assertEquals(new StoredEnrollment(r, 4), StoredEnrollment.whole(r), "written whole: generation = version");
        assertEquals("record", assertThrows(NullPointerException.class, () -> new StoredEnrollment(null, 1))
                .getMessage());
        assertThrows(NullPointerException.class, () -> StoredEnrollment.whole(null));
        assertEquals("current", assertThrows(NullPointerException.class, () -> new SignInWrite.Lost(null))
                .getMessage());
    }

    @Test
    void aRecordSplitsIntoItsSignInStateAndTakesAnotherOneKeepingEverythingElse() {
        EnrollmentRecord r = record("alice", 3, List.of(new RecoveryCodeHash("pbkdf2-sha256-set$4096$c2FsdA$aGFzaA",
                false)));
        assertEquals(new SignInState(EnrollmentRecord.NO_STEP, 0, Optional.empty(), Optional.empty(), 3),
                r.signInState());

        SignInState later = new SignInState(77, 6, Optional.of(LOCKED), Optional.of(RESTORED), 9);
        EnrollmentRecord next = r.withSignInState(later);
        assertEquals(later, next.signInState(), "every one of the five fields is taken");
        assertEquals(77, next.lastAcceptedStep());
        assertEquals(6, next.consecutiveFailures());
        assertEquals(Optional.of(LOCKED), next.lockedUntil());
        assertEquals(Optional.of(RESTORED), next.budgetRestoredAt());
        assertEquals(9, next.version());
        assertEquals(r, next.withSignInState(r.signInState()), "and nothing else changes");
        assertThrows(NullPointerException.class, () -> r.withSignInState(null));
    }

    @Test
    void theReferenceStoreKeepsTheGenerationAcrossSignInWritesAndStartsANewOneOnAWholeWrite() {
        InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
        assertEquals(Optional.empty(), store.findStored("alice"));
        EnrollmentRecord r = record("alice", 1, List.of());
        store.insertIfAbsent(r);
        assertEquals(Optional.of(new StoredEnrollment(r, 1)), store.findStored("alice"));

        SignInState signedIn = new SignInState(100, 0, Optional.empty(), Optional.of(RESTORED), 2);
        assertInstanceOf(SignInWrite.Written.class, store.replaceSignInIfVersion(1, 1, r.withSignInState(signedIn)));
        assertEquals(Optional.of(new StoredEnrollment(r.withSignInState(signedIn), 1)), store.findStored("alice"));
        assertEquals(Optional.of(r.withSignInState(signedIn)), store.find("alice"));

        // a second sign-in that read version 1 lost: it gets the state that won, and nothing is written
        SignInState late = new SignInState(101, 0, Optional.empty(), Optional.empty(), 2);
        assertEquals(new SignInWrite.Lost(signedIn), store.replaceSignInIfVersion(1, 1, r.withSignInState(late)));
        assertEquals(signedIn, store.find("alice").orElseThrow().signInState());

        // a whole-record write starts generation 3; a sign-in of generation 1 is stale, whatever its version
        EnrollmentRecord relabelled = new EnrollmentRecord("alice", "new@acme.test", r.secret(), r.parameters(),
                r.state(), T0, r.confirmedAt(), 100, 0, Optional.empty(), List.of(), 3);
        assertTrue(store.replaceIfVersion(2, relabelled));
        assertEquals(3, store.findStored("alice").orElseThrow().generation());
        SignInState stale = new SignInState(102, 0, Optional.empty(), Optional.empty(), 4);
        assertInstanceOf(SignInWrite.Stale.class, store.replaceSignInIfVersion(3, 1, r.withSignInState(stale)));
        assertEquals(relabelled, store.find("alice").orElseThrow());
    }

    @Test
    void aSignInWriteTakesOnlyTheSignInStateFromTheCallersRecord() {
        InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
        EnrollmentRecord r = record("alice", 1, List.of());
        store.insertIfAbsent(r);
        EnrollmentRecord otherwiseChanged = new EnrollmentRecord("alice", "other@acme.test", r.secret(),
                r.parameters(), r.state(), T0, r.confirmedAt(), 50, 1, Optional.of(LOCKED), List.of(), 2);
        assertInstanceOf(SignInWrite.Written.class, store.replaceSignInIfVersion(1, 1, otherwiseChanged));
        EnrollmentRecord stored = store.find("alice").orElseThrow();
        assertEquals("alice@acme.test", stored.label(), "a sign-in write never changes the rest of the record");
        assertEquals(otherwiseChanged.signInState(), stored.signInState());
    }

    @Test
    void aSignInWriteForNoRecordOrWithTheWrongNextVersionChangesNothing() {
        InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
        EnrollmentRecord r = record("alice", 1, List.of());
        assertInstanceOf(SignInWrite.Stale.class, store.replaceSignInIfVersion(0, 1, r), "no record: stale");
        assertEquals(Optional.empty(), store.find("alice"));

        store.insertIfAbsent(r);
        assertThrows(IllegalArgumentException.class, () -> store.replaceSignInIfVersion(1, 1, r.withVersion(3)));
        assertThrows(IllegalArgumentException.class, () -> store.replaceSignInIfVersion(1, 1, r));
        assertThrows(NullPointerException.class, () -> store.replaceSignInIfVersion(1, 1, null));
        assertThrows(NullPointerException.class, () -> store.findStored(null));
        assertEquals(Optional.of(StoredEnrollment.whole(r)), store.findStored("alice"));
    }

    /** A store written before the sign-in methods: only the four abstract ones, so it inherits the defaults. */
    static final class FourMethodStore implements EnrollmentStore {
        final InMemoryEnrollmentStore inner = new InMemoryEnrollmentStore();
        int replaces;

        @Override
        public Optional<EnrollmentRecord> find(String accountId) {
            return inner.find(accountId);
        }

        @Override
        public boolean insertIfAbsent(EnrollmentRecord record) {
            return inner.insertIfAbsent(record);
        }

        @Override
        public boolean replaceIfVersion(long expectedVersion, EnrollmentRecord record) {
            replaces++;
            return inner.replaceIfVersion(expectedVersion, record);
        }

        @Override
        public boolean deleteIfVersion(String accountId, long expectedVersion) {
            return inner.deleteIfVersion(accountId, expectedVersion);
        }
    }

    @Test
    void aStoreWithOnlyTheFourOldMethodsReportsEachRecordAsWrittenWholeAndSignsInWithAWholeWrite() {
        FourMethodStore store = new FourMethodStore();
        assertEquals(Optional.empty(), store.findStored("alice"));
        EnrollmentRecord r = record("alice", 1, List.of());
        store.insertIfAbsent(r);
        assertEquals(Optional.of(new StoredEnrollment(r, 1)), store.findStored("alice"));

        EnrollmentRecord signedIn = r.withSignInState(new SignInState(7, 0, Optional.empty(), Optional.empty(), 2));
        assertInstanceOf(SignInWrite.Written.class, store.replaceSignInIfVersion(1, 1, signedIn));
        assertEquals(1, store.replaces, "the default is one replaceIfVersion");
        assertEquals(Optional.of(new StoredEnrollment(signedIn, 2)), store.findStored("alice"),
                "the default's generation is the version");

        // it cannot tell a lost race from a stale record, so it always answers stale (the caller reads again)
        SignInWrite lost = store.replaceSignInIfVersion(1, 1,
                r.withSignInState(new SignInState(8, 0, Optional.empty(), Optional.empty(), 2)));
        assertInstanceOf(SignInWrite.Stale.class, lost);
        assertEquals(signedIn, store.find("alice").orElseThrow());
        assertFalse(store.find("bob").isPresent());
    }
}
