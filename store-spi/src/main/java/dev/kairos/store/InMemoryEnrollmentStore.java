package dev.kairos.store;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link EnrollmentStore} in this JVM's memory, on a {@link ConcurrentHashMap}: for tests, demos and
 * single-server applications that can afford to lose enrollments at restart. Every write is one atomic map
 * operation, so it keeps the whole {@link EnrollmentStore} contract. It keeps each record's generation, so a lost
 * sign-in race answers {@link SignInWrite.Lost} as the database stores do. Thread-safe.
 */
public final class InMemoryEnrollmentStore implements EnrollmentStore {

    private final ConcurrentHashMap<String, StoredEnrollment> records = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryEnrollmentStore() {
    }

    /**
     * {@inheritDoc}
     *
     * @throws NullPointerException if {@code accountId} is null
     */
    @Override
    public Optional<EnrollmentRecord> find(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        return findStored(accountId).map(StoredEnrollment::record);
    }

    /**
     * {@inheritDoc}
     *
     * @throws NullPointerException if {@code record} is null
     */
    @Override
    public boolean insertIfAbsent(EnrollmentRecord record) {
        Objects.requireNonNull(record, "record");
        return records.putIfAbsent(record.accountId(), StoredEnrollment.whole(record)) == null;
    }

    /**
     * {@inheritDoc}
     *
     * @throws NullPointerException if {@code record} is null
     * @throws IllegalArgumentException if {@code record.version() != expectedVersion + 1}
     */
    @Override
    public boolean replaceIfVersion(long expectedVersion, EnrollmentRecord record) {
        Objects.requireNonNull(record, "record");
        EnrollmentStore.checkNextVersion(expectedVersion, record);
        boolean[] replaced = {false};
        // computeIfPresent runs atomically per key: the version check and the write are one step.
        records.computeIfPresent(record.accountId(), (id, current) -> {
            if (current.record().version() != expectedVersion) {
                return current;
            }
            replaced[0] = true;
            return StoredEnrollment.whole(record);
        });
        return replaced[0];
    }

    /**
     * {@inheritDoc}
     *
     * @throws NullPointerException if {@code accountId} is null
     */
    @Override
    public Optional<StoredEnrollment> findStored(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        return Optional.ofNullable(records.get(accountId));
    }

    /**
     * {@inheritDoc}
     *
     * @throws NullPointerException if {@code record} is null
     * @throws IllegalArgumentException if {@code record.version() != expectedVersion + 1}
     */
    @Override
    public SignInWrite replaceSignInIfVersion(long expectedVersion, long generation, EnrollmentRecord record) {
        Objects.requireNonNull(record, "record");
        EnrollmentStore.checkNextVersion(expectedVersion, record);
        SignInWrite[] result = {new SignInWrite.Stale()};
        records.computeIfPresent(record.accountId(), (id, current) -> {
            if (current.generation() != generation) {
                return current;
            }
            if (current.record().version() != expectedVersion) {
                result[0] = new SignInWrite.Lost(current.record().signInState());
                return current;
            }
            result[0] = new SignInWrite.Written();
            // Only the sign-in state is taken from the caller's record: the rest is the stored generation's.
            return new StoredEnrollment(current.record().withSignInState(record.signInState()), generation);
        });
        return result[0];
    }

    /**
     * {@inheritDoc}
     *
     * @throws NullPointerException if {@code accountId} is null
     */
    @Override
    public boolean deleteIfVersion(String accountId, long expectedVersion) {
        Objects.requireNonNull(accountId, "accountId");
        boolean[] deleted = {false};
        records.computeIfPresent(accountId, (id, current) -> {
            if (current.record().version() != expectedVersion) {
                return current;
            }
            deleted[0] = true;
            return null;
        });
        return deleted[0];
    }

    /**
     * Describes the store without its contents.
     *
     * @return e.g. {@code "InMemoryEnrollmentStore[3 records]"}
     */
    @Override
    public String toString() {
        return "InMemoryEnrollmentStore[" + records.size() + " records]";
    }
}
