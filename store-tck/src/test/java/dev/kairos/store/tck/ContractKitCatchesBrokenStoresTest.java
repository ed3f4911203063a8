package dev.kairos.store.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.SignInWrite;
import dev.kairos.store.StoredEnrollment;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Proves the contract kit catches what it is for: a store whose compare-and-set is a read, a pause, then a write
 * (the classic "SELECT version, then UPDATE without WHERE version = ?" mistake) fails the kit's race checks,
 * while passing every single-threaded check.
 */
class ContractKitCatchesBrokenStoresTest {

    /** Every single call is right, but the check and the write are two steps with a gap between them. */
    static final class CheckThenActStore implements EnrollmentStore {
        private final ConcurrentHashMap<String, EnrollmentRecord> records = new ConcurrentHashMap<>();

        @Override
        public Optional<EnrollmentRecord> find(String accountId) {
            return Optional.ofNullable(records.get(Objects.requireNonNull(accountId)));
        }

        @Override
        public boolean insertIfAbsent(EnrollmentRecord record) {
            if (records.containsKey(record.accountId())) {
                return false;
            }
            pause();
            records.put(record.accountId(), record);
            return true;
        }

        @Override
        public boolean replaceIfVersion(long expectedVersion, EnrollmentRecord record) {
            EnrollmentStore.checkNextVersion(expectedVersion, record);
            EnrollmentRecord current = records.get(record.accountId());
            if (current == null || current.version() != expectedVersion) {
                return false;
            }
            pause();
            records.put(record.accountId(), record);
            return true;
        }

        @Override
        public boolean deleteIfVersion(String accountId, long expectedVersion) {
            EnrollmentRecord current = records.get(Objects.requireNonNull(accountId));
            if (current == null || current.version() != expectedVersion) {
                return false;
            }
            pause();
            records.remove(accountId);
            return true;
        }

        private static void pause() {
            try {
                Thread.sleep(1); // a network round trip to the database, in miniature
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The kit run on the broken store; its checks are invoked directly. */
    static final class BrokenStoreContract extends EnrollmentStoreContract {
        @Override
        protected EnrollmentStore newStore() {
            return new CheckThenActStore();
        }
    }

    private interface Check {
        void run(BrokenStoreContract kit) throws Exception;
    }

    private static void assertKitFails(Check check) throws Exception {
        BrokenStoreContract kit = new BrokenStoreContract();
        kit.setUpStore();
        try {
            assertThrows(AssertionError.class, () -> check.run(kit));
        } finally {
            kit.stopThreads();
        }
    }

    @Test
    void theReplaceRaceCheckFailsAStoreWithoutAtomicCompareAndSet() throws Exception {
        assertKitFails(EnrollmentStoreContract::concurrentReplaceIfVersionHasExactlyOneWinner);
    }

    @Test
    void theInsertRaceCheckFailsAStoreWithoutAtomicInsert() throws Exception {
        assertKitFails(EnrollmentStoreContract::concurrentInsertIfAbsentHasExactlyOneWinner);
    }

    @Test
    void theDeleteRaceCheckFailsAStoreWithoutAtomicDelete() throws Exception {
        assertKitFails(EnrollmentStoreContract::concurrentDeleteIfVersionHasExactlyOneWinner);
    }

    @Test
    void theLostUpdateCheckFailsAStoreWithoutAtomicCompareAndSet() throws Exception {
        assertKitFails(EnrollmentStoreContract::concurrentCompareAndSetLoopsLoseNoUpdate);
    }

    /** A store that loses some fields on every write (a store written before they existed), keeping the rest. */
    static final class FieldDroppingStore implements EnrollmentStore {
        private final EnrollmentStore inner = new InMemoryEnrollmentStore();
        private final UnaryOperator<EnrollmentRecord> drop;

        FieldDroppingStore(UnaryOperator<EnrollmentRecord> drop) {
            this.drop = drop;
        }

        @Override
        public Optional<EnrollmentRecord> find(String accountId) {
            return inner.find(accountId);
        }

        @Override
        public boolean insertIfAbsent(EnrollmentRecord record) {
            return inner.insertIfAbsent(drop.apply(record));
        }

        @Override
        public boolean replaceIfVersion(long expectedVersion, EnrollmentRecord record) {
            return inner.replaceIfVersion(expectedVersion, drop.apply(record));
        }

        @Override
        public boolean deleteIfVersion(String accountId, long expectedVersion) {
            return inner.deleteIfVersion(accountId, expectedVersion);
        }
    }

    /** Flags 0, every other field kept: a store written before flags existed. */
    static EnrollmentRecord withoutFlags(EnrollmentRecord r) {
        return new EnrollmentRecord(r.accountId(), r.label(), r.secret(), r.parameters(), r.state(), r.createdAt(),
                r.confirmedAt(), r.lastAcceptedStep(), r.consecutiveFailures(), r.lockedUntil(), r.recoveryCodes(), 0,
                r.binding(), r.budgetRestoredAt(), r.version());
    }

    /** No binding and a whole budget, every other field kept: a store written before those fields existed. */
    static EnrollmentRecord withoutBindingAndBudget(EnrollmentRecord r) {
        return new EnrollmentRecord(r.accountId(), r.label(), r.secret(), r.parameters(), r.state(), r.createdAt(),
                r.confirmedAt(), r.lastAcceptedStep(), r.consecutiveFailures(), r.lockedUntil(), r.recoveryCodes(),
                r.flags(), r.version());
    }

    private static EnrollmentStoreContract kitOn(EnrollmentStore store) {
        return new EnrollmentStoreContract() {
            @Override
            protected EnrollmentStore newStore() {
                return store;
            }
        };
    }

    @Test
    void theRoundTripCheckFailsAStoreThatDropsTheFlags() throws Exception {
        EnrollmentStoreContract kit = kitOn(new FieldDroppingStore(ContractKitCatchesBrokenStoresTest::withoutFlags));
        kit.setUpStore();
        try {
            assertThrows(AssertionError.class, kit::roundTripsEveryFieldOfAnActiveRecord);
            kit.insertIfAbsentThenFindReturnsAnEqualPendingRecord(); // control: a pending record has no flags
            kit.roundTripsABindingAndAGuessBudgetAsTheyComeAndGo(); // and the other new fields are kept
        } finally {
            kit.stopThreads();
        }
    }

    @Test
    void theRoundTripChecksFailAStoreThatDropsTheBindingAndTheBudget() throws Exception {
        EnrollmentStoreContract kit = kitOn(new FieldDroppingStore(
                ContractKitCatchesBrokenStoresTest::withoutBindingAndBudget));
        kit.setUpStore();
        try {
            assertThrows(AssertionError.class, kit::roundTripsEveryFieldOfAnActiveRecord);
            assertThrows(AssertionError.class, kit::roundTripsABindingAndAGuessBudgetAsTheyComeAndGo);
            kit.insertIfAbsentThenFindReturnsAnEqualPendingRecord(); // control: a pending record has neither
        } finally {
            kit.stopThreads();
        }
    }

    /**
     * A store that answers every lost sign-in write with the stored state, whatever the generation (it forgot that a
     * whole-record write starts a new one): a server would pair its cached, outdated record with the new state.
     */
    static final class GenerationBlindStore implements EnrollmentStore {
        private final InMemoryEnrollmentStore inner = new InMemoryEnrollmentStore();

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
            return inner.replaceIfVersion(expectedVersion, record);
        }

        @Override
        public boolean deleteIfVersion(String accountId, long expectedVersion) {
            return inner.deleteIfVersion(accountId, expectedVersion);
        }

        @Override
        public Optional<StoredEnrollment> findStored(String accountId) {
            return inner.findStored(accountId);
        }

        @Override
        public SignInWrite replaceSignInIfVersion(long expectedVersion, long generation, EnrollmentRecord record) {
            Optional<EnrollmentRecord> current = inner.find(record.accountId());
            if (current.isPresent() && current.get().version() != expectedVersion) {
                EnrollmentStore.checkNextVersion(expectedVersion, record);
                return new SignInWrite.Lost(current.get().signInState());
            }
            return inner.replaceSignInIfVersion(expectedVersion, generation, record);
        }
    }

    @Test
    void theGenerationCheckFailsAStoreThatAnswersLostAcrossAWholeRecordWrite() throws Exception {
        EnrollmentStoreContract kit = kitOn(new GenerationBlindStore());
        kit.setUpStore();
        try {
            assertThrows(AssertionError.class, kit::aSignInWriteOfAnOlderGenerationIsStale);
            kit.replaceSignInIfVersionRefusesAnotherVersionAndReportsTheStoredState(); // control
            kit.concurrentSignInLoopsOnTheReturnedStateLoseNoUpdate();
        } finally {
            kit.stopThreads();
        }
    }

    @Test
    void theBrokenStorePassesTheSingleThreadedChecks() throws Exception {
        // So the failures above come from the races, not from a store that is wrong in every way.
        BrokenStoreContract kit = new BrokenStoreContract();
        kit.setUpStore();
        try {
            kit.replaceIfVersionReplacesTheRecordOnTheExpectedVersion();
            kit.replaceIfVersionRefusesAnotherVersionAndChangesNothing();
            kit.deleteIfVersionDeletesOnTheExpectedVersionAndAllowsANewInsert();
            kit.insertIfAbsentRefusesAnExistingAccountAndChangesNothing();
            kit.roundTripsEveryFieldOfAnActiveRecord();
        } finally {
            kit.stopThreads();
        }
    }
}
