package dev.kairos.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.HmacAlgorithm;
import dev.kairos.core.TotpParameters;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentState;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.RecoveryCodeHash;
import dev.kairos.store.SealedSecret;
import dev.kairos.store.SignInState;
import dev.kairos.store.SignInWrite;
import dev.kairos.store.StoredEnrollment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract test kit for {@link EnrollmentStore} implementations: every rule of the SPI's Javadoc, the
 * concurrent compare-and-set races included (with real threads).
 *
 * <p>Extend it in your store's tests and implement {@link #newStore()}:
 *
 * <pre>{@code
 * class JdbcEnrollmentStoreTest extends EnrollmentStoreContract {
 *     @Override
 *     protected EnrollmentStore newStore() {
 *         return new JdbcEnrollmentStore(dataSource);
 *     }
 * }
 * }</pre>
 *
 * <p>Add {@code <artifactId>kairos-store-tck</artifactId><scope>test</scope>} (it brings the JUnit Jupiter API;
 * add the JUnit engine your build runs). Each test uses fresh random account ids, so a store that keeps data between
 * tests (a shared database) still works. The race checks are public so they can be run directly (the kit's own
 * tests prove they catch a store whose compare-and-set is a read followed by a write).
 */
public abstract class EnrollmentStoreContract {

    /** Threads in each race: the issue asks for 32. */
    protected static final int RACERS = 32;
    /** Rounds of each race: each round is a fresh record, so a non-atomic store fails in one of them. */
    protected static final int ROUNDS = 20;

    private static final Instant T0 = Instant.parse("2026-03-01T09:15:30.123Z");
    private static final Random RANDOM = new Random();

    private EnrollmentStore store;
    private ExecutorService pool;

    /** For subclasses, one per store implementation; JUnit makes an instance per test. */
    protected EnrollmentStoreContract() {
    }

    /**
     * Creates the store under test. Called once before each test.
     *
     * @return a store; it may hold records of earlier tests (account ids never repeat)
     */
    protected abstract EnrollmentStore newStore();

    /** Creates the store and the racing threads. */
    @BeforeEach
    public void setUpStore() {
        store = newStore();
        assertNotNull(store, "newStore() returned null");
        pool = Executors.newFixedThreadPool(RACERS);
    }

    /**
     * Stops the racing threads.
     *
     * @throws InterruptedException if interrupted while waiting for them
     */
    @AfterEach
    public void stopThreads() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Returns the store under test (after {@link #setUpStore()}).
     *
     * @return the store
     */
    protected final EnrollmentStore store() {
        return store;
    }

    // ---------------------------------------------------------------- records

    /**
     * Returns a fresh account id that no other test uses.
     *
     * @param prefix readable start of the id
     * @return the id
     */
    protected static String newAccountId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /**
     * Returns a pending record with empty optionals.
     *
     * @param accountId the account id
     * @param version the version
     * @return the record
     */
    protected static EnrollmentRecord pending(String accountId, long version) {
        return new EnrollmentRecord(accountId, "alice@acme.test", sealed("k1", 45), TotpParameters.defaults(),
                EnrollmentState.PENDING, T0, Optional.empty(), EnrollmentRecord.NO_STEP, 0, Optional.empty(),
                List.of(), version);
    }

    /**
     * Returns an active record with every optional present (a binding and a spent guess budget included),
     * non-default parameters, recovery codes and every flag set (an imported legacy secret).
     *
     * @param accountId the account id
     * @param version the version
     * @return the record
     */
    protected static EnrollmentRecord active(String accountId, long version) {
        List<RecoveryCodeHash> codes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            codes.add(new RecoveryCodeHash("pbkdf2-sha256$4096$c2FsdC1" + i + "$aGFzaC1" + i, i % 3 == 0));
        }
        return new EnrollmentRecord(accountId, "Ålice Ünïcode ✓ <alice@acme.test>", sealed("key-2026.01_a", 61),
                new TotpParameters(HmacAlgorithm.SHA512, 8, Duration.ofSeconds(60), Instant.ofEpochSecond(1000)),
                EnrollmentState.ACTIVE, T0, Optional.of(T0.plusSeconds(42)), 59_123_456_789L, 4,
                Optional.of(T0.plus(Duration.ofMinutes(5))), codes,
                EnrollmentRecord.KNOWN_FLAGS, Optional.of(BINDING), Optional.of(T0.plus(Duration.ofHours(23))),
                version);
    }

    /** A binding as the service writes one: a handle's hash, a ticket's hash, expiry and issuer. */
    private static final String BINDING = "v1.hq0yYhGZtE0mDbQwB2Hkq7c4lYc2tJ9tq8pN5hBv7kVo"
            + ".tX3kq0yYhGZtE0mDbQwB2Hkq7c4lYc2tJ9tq8pN5hBv7k.e1772400000000.iYWRtaW46cm9vdA";

    /**
     * Returns a sealed secret of random bytes.
     *
     * @param keyId the key id, or empty for unsealed
     * @param length the blob length
     * @return the sealed secret
     */
    protected static SealedSecret sealed(String keyId, int length) {
        byte[] blob = new byte[length];
        RANDOM.nextBytes(blob);
        blob[0] = 1;
        return new SealedSecret(keyId, blob);
    }

    private static EnrollmentRecord withFailures(EnrollmentRecord r, int failures, long version) {
        return new EnrollmentRecord(r.accountId(), r.label(), r.secret(), r.parameters(), r.state(), r.createdAt(),
                r.confirmedAt(), r.lastAcceptedStep(), failures, r.lockedUntil(), r.recoveryCodes(), r.flags(),
                r.binding(), r.budgetRestoredAt(), version);
    }

    private EnrollmentRecord stored(String accountId) {
        return store.find(accountId).orElseThrow(() -> new AssertionError("no record for " + accountId));
    }

    // ---------------------------------------------------------------- find and insert

    /** An unknown account has no record. */
    @Test
    public void findReturnsEmptyForAnUnknownAccount() {
        assertEquals(Optional.empty(), store.find(newAccountId("nobody")));
    }

    /** A pending record with empty optionals comes back equal. */
    @Test
    public void insertIfAbsentThenFindReturnsAnEqualPendingRecord() {
        EnrollmentRecord r = pending(newAccountId("alice"), 1);
        assertTrue(store.insertIfAbsent(r));
        assertEquals(r, stored(r.accountId()));
    }

    /**
     * Every field of an active record comes back equal, the blob's bytes, the recovery codes' order and the flags
     * included (a pending record, in the test above, has none: flags 0 round-trip too).
     */
    @Test
    public void roundTripsEveryFieldOfAnActiveRecord() {
        EnrollmentRecord r = active(newAccountId("bob"), 4_611_686_018_427_387_904L);
        assertTrue(store.insertIfAbsent(r));
        EnrollmentRecord back = stored(r.accountId());
        assertEquals(r, back);
        assertEquals(r.recoveryCodes(), back.recoveryCodes());
        assertEquals(r.secret(), back.secret());
        assertEquals(EnrollmentRecord.KNOWN_FLAGS, back.flags(), "flags");
        assertEquals(r.binding(), back.binding(), "binding");
        assertEquals(r.budgetRestoredAt(), back.budgetRestoredAt(), "budgetRestoredAt");
    }

    /**
     * A binding and a spent guess budget are written, replaced and removed (back to empty, not kept from the
     * previous version) like every other field: a set-up's binding is dropped when it is confirmed.
     */
    @Test
    public void roundTripsABindingAndAGuessBudgetAsTheyComeAndGo() {
        EnrollmentRecord p = pending(newAccountId("bound"), 1);
        EnrollmentRecord bound = new EnrollmentRecord(p.accountId(), p.label(), p.secret(), p.parameters(), p.state(),
                p.createdAt(), p.confirmedAt(), p.lastAcceptedStep(), 1, p.lockedUntil(), p.recoveryCodes(), 0,
                Optional.of("v1.hAAAA"), Optional.of(T0.plusSeconds(3600)), 1);
        assertTrue(store.insertIfAbsent(bound));
        assertEquals(bound, stored(p.accountId()));
        EnrollmentRecord rebound = new EnrollmentRecord(p.accountId(), p.label(), p.secret(), p.parameters(),
                p.state(), p.createdAt(), p.confirmedAt(), p.lastAcceptedStep(), 2, p.lockedUntil(),
                p.recoveryCodes(), 0, Optional.of(BINDING), Optional.of(T0.plusSeconds(7200)), 2);
        assertTrue(store.replaceIfVersion(1, rebound));
        assertEquals(rebound, stored(p.accountId()));
        EnrollmentRecord unbound = new EnrollmentRecord(p.accountId(), p.label(), p.secret(), p.parameters(),
                p.state(), p.createdAt(), p.confirmedAt(), p.lastAcceptedStep(), 2, p.lockedUntil(),
                p.recoveryCodes(), 0, Optional.empty(), Optional.empty(), 3);
        assertTrue(store.replaceIfVersion(2, unbound));
        assertEquals(unbound, stored(p.accountId()));
    }

    /**
     * The largest values the record allows survive: 256-character ids, 1024-byte blobs, 100 recovery codes, a
     * 1024-character binding.
     */
    @Test
    public void roundTripsTheLargestRecord() {
        String id = (newAccountId("x") + "y".repeat(EnrollmentRecord.MAX_ACCOUNT_LENGTH))
                .substring(0, EnrollmentRecord.MAX_ACCOUNT_LENGTH);
        List<RecoveryCodeHash> codes = new ArrayList<>();
        for (int i = 0; i < EnrollmentRecord.MAX_RECOVERY_CODES; i++) {
            String e = ("pbkdf2-sha256$4096$" + i + "$").concat("h".repeat(RecoveryCodeHash.MAX_ENCODED_LENGTH));
            codes.add(new RecoveryCodeHash(e.substring(0, RecoveryCodeHash.MAX_ENCODED_LENGTH), i % 2 == 0));
        }
        EnrollmentRecord a = active(id, 1);
        EnrollmentRecord r = new EnrollmentRecord(id, "l".repeat(EnrollmentRecord.MAX_ACCOUNT_LENGTH),
                sealed("k".repeat(SealedSecret.MAX_KEY_ID_LENGTH), SealedSecret.MAX_BLOB_LENGTH), a.parameters(),
                a.state(), Instant.parse("9999-12-31T23:59:59.999Z"), Optional.of(Instant.EPOCH), Long.MAX_VALUE,
                Integer.MAX_VALUE, Optional.of(Instant.parse("1970-01-01T00:00:00.001Z")), codes,
                EnrollmentRecord.KNOWN_FLAGS, Optional.of("~".repeat(EnrollmentRecord.MAX_BINDING_LENGTH)),
                Optional.of(Instant.parse("9999-12-31T23:59:59.999Z")), 1);
        assertTrue(store.insertIfAbsent(r));
        assertEquals(r, stored(id));
    }

    /** An unsealed secret (empty key id) round-trips as empty, not as null or a placeholder. */
    @Test
    public void roundTripsAnUnsealedSecretWithAnEmptyKeyId() {
        EnrollmentRecord p = pending(newAccountId("plain"), 1);
        EnrollmentRecord r = new EnrollmentRecord(p.accountId(), p.label(), new SealedSecret("", new byte[] {0, 1, 2}),
                p.parameters(), p.state(), p.createdAt(), p.confirmedAt(), p.lastAcceptedStep(),
                p.consecutiveFailures(), p.lockedUntil(), p.recoveryCodes(), p.version());
        assertTrue(store.insertIfAbsent(r));
        assertEquals("", stored(r.accountId()).secret().keyId());
        assertEquals(r, stored(r.accountId()));
    }

    /** A second insert for the same account fails and changes nothing, whatever the stored version or state. */
    @Test
    public void insertIfAbsentRefusesAnExistingAccountAndChangesNothing() {
        String id = newAccountId("carol");
        EnrollmentRecord first = active(id, 7);
        assertTrue(store.insertIfAbsent(first));
        assertFalse(store.insertIfAbsent(pending(id, 1)));
        assertFalse(store.insertIfAbsent(pending(id, 7)));
        assertEquals(first, stored(id));
    }

    /** Account ids are compared exactly: case, accents and surrounding text all make a different account. */
    @Test
    public void accountIdsAreComparedExactly() {
        String base = newAccountId("dave");
        List<String> ids = List.of(base, base.toUpperCase(java.util.Locale.ROOT), base + "é", base + "e\u0301",
                base + " x", "x " + base);
        for (String id : ids) {
            assertTrue(store.insertIfAbsent(pending(id, 1)), "insert " + id);
        }
        for (String id : ids) {
            assertEquals(id, stored(id).accountId());
        }
    }

    // ---------------------------------------------------------------- replace

    /** A replacement on the expected version is written whole. */
    @Test
    public void replaceIfVersionReplacesTheRecordOnTheExpectedVersion() {
        String id = newAccountId("erin");
        assertTrue(store.insertIfAbsent(pending(id, 10)));
        EnrollmentRecord next = active(id, 11);
        assertTrue(store.replaceIfVersion(10, next));
        assertEquals(next, stored(id));
        EnrollmentRecord after = pending(id, 12);
        assertTrue(store.replaceIfVersion(11, after));
        assertEquals(after, stored(id));
    }

    /** A replacement on a stale (or future) version fails and changes nothing. */
    @Test
    public void replaceIfVersionRefusesAnotherVersionAndChangesNothing() {
        String id = newAccountId("frank");
        EnrollmentRecord r = active(id, 5);
        assertTrue(store.insertIfAbsent(r));
        assertFalse(store.replaceIfVersion(4, pending(id, 5)));
        assertFalse(store.replaceIfVersion(6, pending(id, 7)));
        assertFalse(store.replaceIfVersion(0, pending(id, 1)));
        assertEquals(r, stored(id));
    }

    /** A replacement never inserts: for an unknown account it returns false and the account stays unknown. */
    @Test
    public void replaceIfVersionReturnsFalseForAnUnknownAccountAndInsertsNothing() {
        String id = newAccountId("grace");
        assertFalse(store.replaceIfVersion(1, pending(id, 2)));
        assertEquals(Optional.empty(), store.find(id));
    }

    /** A replacement whose version is not the expected one plus one breaks the contract: refused, nothing written. */
    @Test
    public void replaceIfVersionRejectsAVersionOtherThanExpectedPlusOne() {
        String id = newAccountId("heidi");
        EnrollmentRecord r = pending(id, 3);
        assertTrue(store.insertIfAbsent(r));
        assertThrows(IllegalArgumentException.class, () -> store.replaceIfVersion(3, active(id, 3)));
        assertThrows(IllegalArgumentException.class, () -> store.replaceIfVersion(3, active(id, 5)));
        assertThrows(IllegalArgumentException.class, () -> store.replaceIfVersion(3, active(id, 2)));
        assertEquals(r, stored(id));
    }

    // ---------------------------------------------------------------- delete

    /** A delete on the expected version removes the record; the account can then be inserted anew. */
    @Test
    public void deleteIfVersionDeletesOnTheExpectedVersionAndAllowsANewInsert() {
        String id = newAccountId("ivan");
        assertTrue(store.insertIfAbsent(active(id, 8)));
        assertTrue(store.deleteIfVersion(id, 8));
        assertEquals(Optional.empty(), store.find(id));
        assertFalse(store.deleteIfVersion(id, 8));
        EnrollmentRecord again = pending(id, 1);
        assertTrue(store.insertIfAbsent(again));
        assertEquals(again, stored(id));
    }

    /** A delete on another version fails and changes nothing; on an unknown account it returns false. */
    @Test
    public void deleteIfVersionRefusesAnotherVersionAndChangesNothing() {
        String id = newAccountId("judy");
        EnrollmentRecord r = active(id, 8);
        assertTrue(store.insertIfAbsent(r));
        assertFalse(store.deleteIfVersion(id, 7));
        assertFalse(store.deleteIfVersion(id, 9));
        assertEquals(r, stored(id));
        assertFalse(store.deleteIfVersion(newAccountId("nobody"), 1));
    }

    /** Writes to one account leave every other account as it was. */
    @Test
    public void writesToOneAccountLeaveOtherAccountsUnchanged() {
        String a = newAccountId("mallory");
        String b = newAccountId("oscar");
        EnrollmentRecord rb = active(b, 1);
        assertTrue(store.insertIfAbsent(pending(a, 1)));
        assertTrue(store.insertIfAbsent(rb));
        assertTrue(store.replaceIfVersion(1, active(a, 2)));
        assertTrue(store.deleteIfVersion(a, 2));
        assertEquals(rb, stored(b));
    }

    /** Null arguments are refused with a NullPointerException, not treated as an absent account. */
    @Test
    public void nullArgumentsAreRefused() {
        assertThrows(NullPointerException.class, () -> store.find(null));
        assertThrows(NullPointerException.class, () -> store.insertIfAbsent(null));
        assertThrows(NullPointerException.class, () -> store.replaceIfVersion(1, null));
        assertThrows(NullPointerException.class, () -> store.deleteIfVersion(null, 1));
    }

    // ---------------------------------------------------------------- races

    /**
     * 32 threads replace the same version of a record at once: exactly one wins, in every round, and the stored
     * record is the winner's.
     *
     * @throws Exception if a racing thread failed
     */
    @Test
    public void concurrentReplaceIfVersionHasExactlyOneWinner() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = newAccountId("race-replace");
            assertTrue(store.insertIfAbsent(pending(id, 1)));
            List<EnrollmentRecord> candidates = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                candidates.add(withFailures(active(id, 2), i, 2));
            }
            List<Boolean> results = race(i -> store.replaceIfVersion(1, candidates.get(i)));
            int winners = count(results);
            assertEquals(1, winners, "round " + round + ": replaceIfVersion(1, ...) by " + RACERS
                    + " threads at once must succeed exactly once (a compare-and-set that reads then writes "
                    + "lets several win)");
            assertEquals(candidates.get(results.indexOf(Boolean.TRUE)), stored(id), "the winner's record is stored");
        }
    }

    /**
     * 32 threads insert the same account at once: exactly one wins.
     *
     * @throws Exception if a racing thread failed
     */
    @Test
    public void concurrentInsertIfAbsentHasExactlyOneWinner() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = newAccountId("race-insert");
            List<EnrollmentRecord> candidates = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                candidates.add(withFailures(pending(id, 1), i, 1));
            }
            List<Boolean> results = race(i -> store.insertIfAbsent(candidates.get(i)));
            assertEquals(1, count(results), "round " + round + ": insertIfAbsent by " + RACERS
                    + " threads at once must succeed exactly once");
            assertEquals(candidates.get(results.indexOf(Boolean.TRUE)), stored(id));
        }
    }

    /**
     * 32 threads delete the same version at once: exactly one wins.
     *
     * @throws Exception if a racing thread failed
     */
    @Test
    public void concurrentDeleteIfVersionHasExactlyOneWinner() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = newAccountId("race-delete");
            assertTrue(store.insertIfAbsent(pending(id, 1)));
            List<Boolean> results = race(i -> store.deleteIfVersion(id, 1));
            assertEquals(1, count(results), "round " + round + ": deleteIfVersion by " + RACERS
                    + " threads at once must succeed exactly once");
            assertEquals(Optional.empty(), store.find(id));
        }
    }

    /**
     * 32 threads race a delete against replacements of the same version: exactly one of them wins.
     *
     * @throws Exception if a racing thread failed
     */
    @Test
    public void concurrentDeleteAndReplaceOfOneVersionHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = newAccountId("race-mixed");
            assertTrue(store.insertIfAbsent(pending(id, 1)));
            EnrollmentRecord next = active(id, 2);
            List<Boolean> results = race(i -> i % 2 == 0 ? store.deleteIfVersion(id, 1)
                    : store.replaceIfVersion(1, next));
            assertEquals(1, count(results), "round " + round + ": one version can be consumed only once");
        }
    }

    /**
     * 32 threads each increment a counter in the record 10 times through find + replaceIfVersion retry loops: no
     * update is lost, so the counter and the version both grew by exactly 320.
     *
     * @throws Exception if a racing thread failed
     */
    @Test
    public void concurrentCompareAndSetLoopsLoseNoUpdate() throws Exception {
        int increments = 10;
        String id = newAccountId("race-counter");
        assertTrue(store.insertIfAbsent(pending(id, 1000)));
        race(i -> {
            for (int k = 0; k < increments; k++) {
                while (true) {
                    EnrollmentRecord r = stored(id);
                    if (store.replaceIfVersion(r.version(),
                            withFailures(r, r.consecutiveFailures() + 1, r.version() + 1))) {
                        break;
                    }
                }
            }
            return true;
        });
        EnrollmentRecord end = stored(id);
        assertEquals(RACERS * increments, end.consecutiveFailures(), "lost updates");
        assertEquals(1000 + RACERS * increments, end.version());
    }

    // ---------------------------------------------------------------- sign-in writes and generations

    private static EnrollmentRecord signedIn(EnrollmentRecord r, int failures) {
        return r.withSignInState(new SignInState(r.lastAcceptedStep() + 1, failures, Optional.empty(),
                Optional.of(T0.plus(Duration.ofHours(24))), r.version() + 1));
    }

    private StoredEnrollment storedWithGeneration(String accountId) {
        return store.findStored(accountId).orElseThrow(() -> new AssertionError("no record for " + accountId));
    }

    /** A record written whole has its version as generation; findStored returns what find returns. */
    @Test
    public void aRecordWrittenWholeHasItsVersionAsGeneration() {
        String id = newAccountId("generation");
        EnrollmentRecord r = active(id, 5);
        assertTrue(store.insertIfAbsent(r));
        assertEquals(new StoredEnrollment(r, 5), storedWithGeneration(id));
        EnrollmentRecord next = withFailures(r, 0, 6);
        assertTrue(store.replaceIfVersion(5, next));
        assertEquals(new StoredEnrollment(next, 6), storedWithGeneration(id));
        assertEquals(Optional.empty(), store.findStored(newAccountId("none")));
    }

    /**
     * replaceSignInIfVersion on the expected version writes the sign-in state (the record read back is the one
     * given) and keeps the generation (or, for a store that keeps no generations, reports the new version).
     */
    @Test
    public void replaceSignInIfVersionWritesTheSignInStateAndKeepsTheGeneration() {
        String id = newAccountId("sign-in");
        EnrollmentRecord r = active(id, 5);
        assertTrue(store.insertIfAbsent(r));
        EnrollmentRecord next = signedIn(r, 0);
        assertEquals(new SignInWrite.Written(), store.replaceSignInIfVersion(5, 5, next));
        StoredEnrollment read = storedWithGeneration(id);
        assertEquals(next, read.record());
        assertTrue(read.generation() == 5 || read.generation() == 6, "generation " + read.generation());
        EnrollmentRecord later = signedIn(next, 3);
        assertEquals(new SignInWrite.Written(), store.replaceSignInIfVersion(6, read.generation(), later));
        assertEquals(later, stored(id));
    }

    /**
     * replaceSignInIfVersion on another version changes nothing and answers Lost with exactly the stored sign-in
     * state (or Stale); on an unknown account it answers Stale and inserts nothing.
     */
    @Test
    public void replaceSignInIfVersionRefusesAnotherVersionAndReportsTheStoredState() {
        String id = newAccountId("sign-in-lost");
        EnrollmentRecord r = active(id, 5);
        assertTrue(store.insertIfAbsent(r));
        EnrollmentRecord won = signedIn(r, 1);
        assertEquals(new SignInWrite.Written(), store.replaceSignInIfVersion(5, 5, won));
        SignInWrite lost = store.replaceSignInIfVersion(5, 5, signedIn(r, 2));
        if (lost instanceof SignInWrite.Lost l) {
            assertEquals(won.signInState(), l.current(), "Lost carries the stored sign-in state");
        } else {
            assertEquals(new SignInWrite.Stale(), lost);
        }
        assertEquals(won, stored(id), "nothing changed");
        String unknown = newAccountId("sign-in-unknown");
        assertEquals(new SignInWrite.Stale(), store.replaceSignInIfVersion(5, 5, signedIn(active(unknown, 5), 0)));
        assertEquals(Optional.empty(), store.find(unknown));
        assertThrows(IllegalArgumentException.class, () -> store.replaceSignInIfVersion(6, 5, signedIn(r, 0)),
                "a version that is not expectedVersion + 1");
        assertEquals(won, stored(id));
    }

    /**
     * After a whole-record write (a new generation), a sign-in write decided on the old generation is Stale, never
     * Lost: the caller's cached record is out of date, and only a read can tell it the new one.
     */
    @Test
    public void aSignInWriteOfAnOlderGenerationIsStale() {
        String id = newAccountId("sign-in-stale");
        EnrollmentRecord r = active(id, 5);
        assertTrue(store.insertIfAbsent(r));
        EnrollmentRecord signed = signedIn(r, 0);
        assertEquals(new SignInWrite.Written(), store.replaceSignInIfVersion(5, 5, signed));
        EnrollmentRecord whole = pending(id, 7);
        assertTrue(store.replaceIfVersion(6, whole));
        assertEquals(new SignInWrite.Stale(), store.replaceSignInIfVersion(6, 5, signedIn(signed, 1)));
        assertEquals(new StoredEnrollment(whole, 7), storedWithGeneration(id));
    }

    /**
     * 32 threads write the sign-in state of the same version at once: exactly one is Written, in every round, and the
     * stored record is the winner's.
     *
     * @throws Exception if a racing thread failed
     */
    @Test
    public void concurrentReplaceSignInIfVersionHasExactlyOneWinner() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = newAccountId("race-sign-in");
            EnrollmentRecord r = active(id, 1);
            assertTrue(store.insertIfAbsent(r));
            List<Boolean> results = race(i -> store.replaceSignInIfVersion(1, 1, signedIn(r, i))
                    instanceof SignInWrite.Written);
            assertEquals(1, count(results), "round " + round + ": replaceSignInIfVersion(1, ...) by " + RACERS
                    + " threads at once must succeed exactly once");
            assertEquals(signedIn(r, results.indexOf(Boolean.TRUE)), stored(id), "the winner's record is stored");
        }
    }

    /**
     * 32 threads each count 10 failures with the service's loop: decide on the record they hold, write the sign-in
     * state, and on Lost decide again on the state it returned (on Stale, read). No update is lost.
     *
     * @throws Exception if a racing thread failed
     */
    @Test
    public void concurrentSignInLoopsOnTheReturnedStateLoseNoUpdate() throws Exception {
        int increments = 10;
        String id = newAccountId("race-sign-in-counter");
        assertTrue(store.insertIfAbsent(active(id, 1000)));
        race(i -> {
            StoredEnrollment known = storedWithGeneration(id);
            for (int k = 0; k < increments; k++) {
                while (true) {
                    EnrollmentRecord r = known.record();
                    EnrollmentRecord next = signedIn(r, r.consecutiveFailures() + 1);
                    SignInWrite w = store.replaceSignInIfVersion(r.version(), known.generation(), next);
                    if (w instanceof SignInWrite.Written) {
                        known = new StoredEnrollment(next, known.generation());
                        break;
                    }
                    known = w instanceof SignInWrite.Lost l
                            ? new StoredEnrollment(r.withSignInState(l.current()), known.generation())
                            : storedWithGeneration(id);
                }
            }
            return true;
        });
        EnrollmentRecord end = stored(id);
        assertEquals(4 + RACERS * increments, end.consecutiveFailures(), "lost updates");
        assertEquals(1000 + RACERS * increments, end.version());
    }

    /** A racing body, given the index of its thread. */
    @FunctionalInterface
    protected interface Racer {
        /**
         * Runs one thread's part of a race.
         *
         * @param index the thread's index, 0 to {@link #RACERS} - 1
         * @return what the store call returned
         * @throws Exception if the store failed
         */
        boolean run(int index) throws Exception;
    }

    /**
     * Runs {@link #RACERS} threads that all start at the same instant.
     *
     * @param racer what each thread does
     * @return each thread's result, by index
     * @throws Exception if a thread failed or the race took longer than 60 seconds
     */
    protected final List<Boolean> race(Racer racer) throws Exception {
        return Races.run(pool, RACERS, racer);
    }

    private static int count(List<Boolean> results) {
        return Races.count(results);
    }
}
