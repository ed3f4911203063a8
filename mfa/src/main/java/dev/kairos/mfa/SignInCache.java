package dev.kairos.mfa;

import dev.kairos.store.StoredEnrollment;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last record (with its generation) this service read or wrote per account, so that a sign-in in the steady
 * state costs one store call: the conditional write of its sign-in state ({@code replaceSignInIfVersion}). It holds
 * records exactly as the store returns them (secrets sealed, recovery codes hashed), never an opened secret; a
 * service built {@code unsealed()} keeps none (capacity 0), so that no secret in the clear outlives a call.
 *
 * <p>Nothing here is trusted without the store: a decision made on a cached record is either a write conditional on
 * the cached version (which fails if anything changed since, on any server) or is made again on a fresh read. So a
 * stale entry costs a round trip, never a wrong answer, and the cache needs no invalidation across servers.
 *
 * <p>Bounded: beyond {@code capacity} accounts an arbitrary entry makes room (a sign-in of an evicted account reads
 * first, as without the cache). Thread-safe.
 */
final class SignInCache {

    /** Accounts cached by default: about 2 KB each (a record with ten recovery-code hashes), so about 20 MB. */
    static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final ConcurrentHashMap<String, StoredEnrollment> entries = new ConcurrentHashMap<>();

    SignInCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 (no cache) or more, got " + capacity);
        }
        this.capacity = capacity;
    }

    Optional<StoredEnrollment> get(String accountId) {
        return Optional.ofNullable(entries.get(accountId));
    }

    void put(StoredEnrollment stored) {
        if (capacity == 0) {
            return;
        }
        String accountId = stored.record().accountId();
        if (entries.size() >= capacity && !entries.containsKey(accountId)) {
            Iterator<String> any = entries.keySet().iterator();
            if (any.hasNext()) {
                entries.remove(any.next());
            }
        }
        entries.put(accountId, stored);
    }

    void forget(String accountId) {
        entries.remove(accountId);
    }

    /** The number of accounts cached now. */
    int size() {
        return entries.size();
    }
}
