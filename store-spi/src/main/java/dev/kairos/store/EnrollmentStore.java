package dev.kairos.store;

import java.util.Optional;

/**
 * Where enrollments live: the SPI a host application implements on its own database. the enrollment service ({@code dev.kairos.mfa.Enrollments}) does
 * all the logic; a store only keeps {@link EnrollmentRecord}s, one per account id, and offers a compare-and-set on
 * their {@link EnrollmentRecord#version() version}. That compare-and-set is what makes the replay guard and the
 * failure counter correct across several servers sharing one store: every change the service makes is one
 * {@link #insertIfAbsent}, {@link #replaceIfVersion} or {@link #deleteIfVersion} call, and a lost race is retried
 * from a fresh {@link #find}.
 *
 * <h2>The contract (checked by {@code dev.kairos.store.tck.EnrollmentStoreContract} in the tests jar)</h2>
 *
 * <ol>
 *   <li><b>Keys.</b> Records are keyed by {@link EnrollmentRecord#accountId()}, compared exactly: case-sensitive,
 *       no trimming, no Unicode normalization ({@code "alice"}, {@code "Alice"} and {@code "alicé"} are three
 *       accounts). Account ids are up to 256 characters of any Unicode text (see {@link EnrollmentRecord}).</li>
 *   <li><b>Faithful.</b> {@link #find} returns a record {@link EnrollmentRecord#equals equal} to the one last
 *       written for that account id: every field, the sealed secret's bytes, the recovery codes in order with
 *       their flags, empty optionals as empty, instants to the millisecond.</li>
 *   <li><b>Atomic compare-and-set.</b> Each writing method is one atomic step, linearizable with every other
 *       call on the same account id, from any thread and any server sharing the store: of several concurrent
 *       calls that expect the same version, at most one succeeds. Implement it as one conditional statement
 *       (e.g. {@code UPDATE ... WHERE account_id = ? AND version = ?} and check the update count is 1), never as
 *       a read followed by a write.</li>
 *   <li><b>No partial writes.</b> A call that returns {@code false} or throws has changed nothing; a call that
 *       returns {@code true} has written the whole record (with all its recovery codes).</li>
 *   <li><b>Conflicts are return values.</b> A lost race, a missing record or an existing record is reported as
 *       {@code false}, never as an exception. Exceptions mean the store failed (I/O, database down) or the
 *       arguments broke this contract.</li>
 *   <li><b>Versions.</b> The service picks the first version of a record (a random number from 1 to 2<sup>62</sup>,
 *       so that an account deleted and enrolled again never repeats a version a slow server may still expect: no
 *       ABA), and every replacement is exactly the expected version plus one. The store persists the version it
 *       is given; it must refuse (with {@link IllegalArgumentException}, writing nothing) a replacement whose
 *       version is not {@code expectedVersion + 1}.</li>
 *   <li><b>Durability.</b> Once a writing method returned {@code true}, {@link #find} from any thread or server
 *       sees that write (or a later one).</li>
 *   <li><b>Sign-in writes.</b> {@link #replaceSignInIfVersion} is a compare-and-set like {@link #replaceIfVersion}
 *       (rules 3 to 7 apply) for a record that differs from the stored one only in its {@link SignInState}; a store
 *       may write only that part. {@link #findStored} returns the record with its generation (the version of its
 *       last whole-record write, see {@link StoredEnrollment}), which sign-in writes keep and every other write
 *       sets. Both have default implementations on the four methods above; stores override them to make a
 *       sign-in one round trip of about 100 bytes.</li>
 * </ol>
 *
 * <h2>One round trip per sign-in</h2>
 *
 * <p>The service caches each account's last {@link StoredEnrollment} (bounded, sealed secrets only) and decides a
 * sign-in on it; {@link #replaceSignInIfVersion} then writes the sign-in state if the stored version is still the
 * cached one. That write is the only store call of a sign-in in the steady state. When another server wrote first
 * the store answers {@link SignInWrite.Lost} with the stored state (same generation: the cached rest is current),
 * and the service decides again without a read; when the record was replaced whole, {@link SignInWrite.Stale}, and
 * the service reads it ({@link #findStored}). The default implementations (a {@link #find} and a
 * {@link #replaceIfVersion}) keep every existing store correct at two round trips per sign-in.
 *
 * <p>Implementations must be thread-safe. They never see a secret in the clear when the service is built with a
 * key ring ({@code dev.kairos.mfa.KeyRing}).
 */
public interface EnrollmentStore {

    /**
     * Reads the record of an account.
     *
     * @param accountId the account id, compared exactly
     * @return the record last written for it, or empty if there is none
     * @throws NullPointerException if {@code accountId} is null
     */
    Optional<EnrollmentRecord> find(String accountId);

    /**
     * Writes a record if its account has none, atomically.
     *
     * @param record the record to write; its account id is the key
     * @return true if the record was written; false if a record for that account id already existed (whatever its
     *     state or version), in which case nothing was changed
     * @throws NullPointerException if {@code record} is null
     */
    boolean insertIfAbsent(EnrollmentRecord record);

    /**
     * Replaces the record of {@code record.accountId()} if its stored version is {@code expectedVersion},
     * atomically (compare-and-set).
     *
     * @param expectedVersion the version of the record the caller read
     * @param record the new record; its version must be {@code expectedVersion + 1}
     * @return true if the record was replaced; false if there is no record for that account id or its version is
     *     not {@code expectedVersion}, in which case nothing was changed
     * @throws NullPointerException if {@code record} is null
     * @throws IllegalArgumentException if {@code record.version() != expectedVersion + 1} (nothing is changed)
     */
    boolean replaceIfVersion(long expectedVersion, EnrollmentRecord record);

    /**
     * Deletes the record of an account if its stored version is {@code expectedVersion}, atomically.
     *
     * @param accountId the account id, compared exactly
     * @param expectedVersion the version of the record the caller read
     * @return true if the record was deleted; false if there is no record for that account id or its version is
     *     not {@code expectedVersion}, in which case nothing was changed
     * @throws NullPointerException if {@code accountId} is null
     */
    boolean deleteIfVersion(String accountId, long expectedVersion);

    /**
     * Reads the record of an account with its generation: the version of its last whole-record write
     * ({@link #insertIfAbsent} or {@link #replaceIfVersion}), kept by {@link #replaceSignInIfVersion}.
     *
     * <p>The default reports the record's version as its generation, which is correct for any store (a record just
     * written whole) and makes every lost sign-in race {@link SignInWrite.Stale}. A store that overrides
     * {@link #replaceSignInIfVersion} to write only the sign-in state overrides this too.
     *
     * @param accountId the account id, compared exactly
     * @return the record last written for it with its generation, or empty if there is none
     * @throws NullPointerException if {@code accountId} is null
     */
    default Optional<StoredEnrollment> findStored(String accountId) {
        return find(accountId).map(StoredEnrollment::whole);
    }

    /**
     * Replaces the sign-in state of {@code record.accountId()} if its stored version is {@code expectedVersion},
     * atomically (compare-and-set), for a record that differs from the stored one only in its {@link SignInState}
     * (last accepted step, failures, lockout, guess budget, version). The store may write only that part: the rest
     * is the stored one, because versions never repeat (the caller read the record at {@code expectedVersion}). The
     * record's generation stays {@code generation}.
     *
     * <p>The default is {@link #replaceIfVersion} ({@link SignInWrite.Written} or {@link SignInWrite.Stale}). A
     * store that keeps the sign-in state apart writes it with one conditional statement or script, and when the
     * version is not the expected one but the generation is the caller's, answers {@link SignInWrite.Lost} with the
     * stored state from the same round trip, so the caller retries without a read.
     *
     * @param expectedVersion the version of the record the caller read
     * @param generation the generation the caller read with it ({@link StoredEnrollment#generation()})
     * @param record the new record; its version must be {@code expectedVersion + 1}, and it must equal the record
     *     stored at {@code expectedVersion} but for its {@link SignInState}
     * @return {@link SignInWrite.Written}; or, changing nothing, {@link SignInWrite.Lost} with the stored state
     *     (another version of the same generation) or {@link SignInWrite.Stale} (no record, another generation, or
     *     the store cannot tell)
     * @throws NullPointerException if {@code record} is null
     * @throws IllegalArgumentException if {@code record.version() != expectedVersion + 1} (nothing is changed)
     */
    default SignInWrite replaceSignInIfVersion(long expectedVersion, long generation, EnrollmentRecord record) {
        return replaceIfVersion(expectedVersion, record) ? new SignInWrite.Written() : new SignInWrite.Stale();
    }

    /**
     * Checks the version rule of {@link #replaceIfVersion}: a replacement's version is exactly
     * {@code expectedVersion + 1}. Implementations call it before writing anything.
     *
     * @param expectedVersion the version the caller read
     * @param record the replacement
     * @throws NullPointerException if {@code record} is null
     * @throws IllegalArgumentException if {@code record.version() != expectedVersion + 1}
     */
    static void checkNextVersion(long expectedVersion, EnrollmentRecord record) {
        if (expectedVersion == Long.MAX_VALUE || record.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("a replacement's version must be expectedVersion + 1 = "
                    + (expectedVersion + 1) + ", got " + record.version());
        }
    }
}
