package dev.kairos.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.TotpParameters;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentState;
import dev.kairos.store.SealedSecret;
import dev.kairos.store.StoredEnrollment;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sign-in cache is bounded, keyed by account, and can be switched off. */
class SignInCacheTest {

    static StoredEnrollment stored(String accountId, long version) {
        return StoredEnrollment.whole(new EnrollmentRecord(accountId, "label", new SealedSecret("k1", new byte[] {1, 2}),
                TotpParameters.defaults(), EnrollmentState.PENDING, Instant.EPOCH, Optional.empty(),
                EnrollmentRecord.NO_STEP, 0, Optional.empty(), List.of(), version));
    }

    @Test
    void holdsAtMostItsCapacityAndTheLatestEntryPerAccount() {
        SignInCache cache = new SignInCache(2);
        cache.put(stored("a", 1));
        cache.put(stored("a", 2));
        assertEquals(1, cache.size());
        assertEquals(Optional.of(stored("a", 2)), cache.get("a"));
        cache.put(stored("b", 1));
        cache.put(stored("c", 1));
        assertEquals(2, cache.size(), "one entry made room");
        assertEquals(Optional.of(stored("c", 1)), cache.get("c"), "the newest is kept");
        cache.forget("c");
        assertEquals(Optional.empty(), cache.get("c"));
    }

    @Test
    void capacityZeroCachesNothing() {
        SignInCache cache = new SignInCache(0);
        cache.put(stored("a", 1));
        assertTrue(cache.get("a").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new SignInCache(-1));
    }
}
