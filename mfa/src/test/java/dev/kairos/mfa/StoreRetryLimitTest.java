package dev.kairos.mfa;

import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.tck.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Totp;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every operation gives up after exactly {@code maxAttempts} lost compare-and-sets, with a
 * {@link EnrollmentConflictException} that names the operation (docs/mutation-testing.md: the retry loops).
 */
class StoreRetryLimitTest {

    /** A store whose writes all lose the race after {@code losing} is set, counting the attempts. */
    static final class LosingStore implements EnrollmentStore {
        final InMemoryEnrollmentStore real = new InMemoryEnrollmentStore();
        final AtomicInteger writes = new AtomicInteger();
        volatile boolean losing;

        @Override
        public Optional<EnrollmentRecord> find(String accountId) {
            return real.find(accountId);
        }

        @Override
        public boolean insertIfAbsent(EnrollmentRecord record) {
            writes.incrementAndGet();
            return !losing && real.insertIfAbsent(record);
        }

        @Override
        public boolean replaceIfVersion(long expectedVersion, EnrollmentRecord record) {
            writes.incrementAndGet();
            return !losing && real.replaceIfVersion(expectedVersion, record);
        }

        @Override
        public boolean deleteIfVersion(String accountId, long expectedVersion) {
            writes.incrementAndGet();
            return !losing && real.deleteIfVersion(accountId, expectedVersion);
        }
    }

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final LosingStore store = new LosingStore();
    final Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").unsealed().clock(clock).maxAttempts(3)
            .build();

    private void givesUpAfterThreeAttempts(String operation, Consumer<Enrollments> call) {
        store.losing = true;
        store.writes.set(0);
        EnrollmentConflictException e = assertThrows(EnrollmentConflictException.class, () -> call.accept(mfa));
        assertTrue(e.isRetryable(), "a lost race may be tried again");
        String message = e.getMessage();
        assertEquals(3, store.writes.get(), operation);
        assertTrue(message.startsWith(operation + " of account 'alice' lost the store's compare-and-set 3 times"),
                message);
        store.losing = false;
    }

    @Test
    void everyOperationTriesExactlyMaxAttemptsTimesThenGivesUp() {
        givesUpAfterThreeAttempts("begin", m -> m.begin("alice", "alice@acme.test"));
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        String code = Totp.of(p.secret(), p.parameters()).codeAt(clock.instant());
        givesUpAfterThreeAttempts("confirm", m -> m.confirm("alice", p.handle(), code));
        String wrong = code.charAt(0) == '9' ? "0" + code.substring(1) : (char) (code.charAt(0) + 1) + code.substring(1);
        givesUpAfterThreeAttempts("confirm", m -> m.confirm("alice", p.handle(), wrong));
        String recovery = mfa.confirm("alice", p.handle(), code).recoveryCodes().get(0);
        givesUpAfterThreeAttempts("sign-in", m -> m.verify("alice", wrong));
        givesUpAfterThreeAttempts("recover", m -> m.recover("alice", recovery));
        givesUpAfterThreeAttempts("regenerate", m -> m.regenerateRecoveryCodes("alice", recovery));
        givesUpAfterThreeAttempts("disable", m -> m.disable("alice", recovery));
        givesUpAfterThreeAttempts("unlock", m -> m.unlock("alice", "admin"));
        givesUpAfterThreeAttempts("reset", m -> m.reset("alice", "admin"));
    }
}
