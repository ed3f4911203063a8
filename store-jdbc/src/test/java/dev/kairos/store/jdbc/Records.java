package dev.kairos.store.jdbc;

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

    static EnrollmentRecord pending(String accountId, long version) {
        return new EnrollmentRecord(accountId, "label-" + accountId.substring(0, 3), new SealedSecret("k1", BLOB),
                TotpParameters.defaults(), EnrollmentState.PENDING, Instant.parse("2026-03-01T09:15:30.123Z"),
                Optional.empty(), EnrollmentRecord.NO_STEP, 0, Optional.empty(), List.of(), version);
    }

    static EnrollmentRecord active(String accountId, long version) {
        Instant t = Instant.parse("2026-03-01T09:15:30.123Z");
        return new EnrollmentRecord(accountId, "active-label", new SealedSecret("k2", BLOB),
                new TotpParameters(HmacAlgorithm.SHA256, 8, Duration.ofSeconds(60), Instant.EPOCH),
                EnrollmentState.ACTIVE, t, Optional.of(t.plusSeconds(5)), 123_456L, 2, Optional.of(t.plusSeconds(60)),
                List.of(new RecoveryCodeHash("pbkdf2-sha256$4096$c2FsdA$aGFzaA", false)), version);
    }
}
