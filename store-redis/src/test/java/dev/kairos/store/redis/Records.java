package dev.kairos.store.redis;

import dev.kairos.core.HmacAlgorithm;
import dev.kairos.core.TotpParameters;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentState;
import dev.kairos.store.RecoveryCodeHash;
import dev.kairos.store.SealedSecret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Records for the store's own tests. */
final class Records {
    static final byte[] BLOB = {1, (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0x42, 0x13, 0x37};

    private Records() {
    }

    static String newAccountId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static EnrollmentRecord active(String accountId, long version) {
        return withFailures(accountId, version, 0);
    }

    static EnrollmentRecord withFailures(String accountId, long version, int failures) {
        Instant t = Instant.parse("2026-03-01T09:15:30.123Z");
        return new EnrollmentRecord(accountId, "active-label", new SealedSecret("k2", BLOB),
                new TotpParameters(HmacAlgorithm.SHA256, 8, Duration.ofSeconds(60), Instant.EPOCH),
                EnrollmentState.ACTIVE, t, Optional.of(t.plusSeconds(5)), 123_456L, failures, Optional.empty(),
                List.of(new RecoveryCodeHash("pbkdf2-sha256$4096$c2FsdA$aGFzaA", false)), version);
    }

    static EnrollmentRecord next(EnrollmentRecord r) {
        return withFailures(r.accountId(), r.version() + 1, r.consecutiveFailures() + 1);
    }
}
