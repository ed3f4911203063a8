package dev.kairos.mfa;

import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.tck.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Totp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** The replay guard and the failure counter hold across two service instances ("servers") sharing one store. */
class EnrollmentsConcurrencyTest {

    static final int THREADS = 32;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final KeyRing keys = KeyRing.of("k1", new byte[32]);

    Enrollments server(int maxAttempts) {
        return Enrollments.builder(store).issuer("ACME Corp").clock(clock).sealWith(keys).maxAttempts(maxAttempts)
                .throttling(new ThrottlingPolicy(100, Duration.ofSeconds(1), Duration.ofSeconds(1), 100)).build();
    }

    <T> List<T> race(List<Callable<T>> tasks) throws Exception {
        return Race.run(tasks);
    }

    @Test
    void twoServersAcceptTheSameValidCodeExactlyOncePerRound() throws Exception {
        Enrollments a = server(16);
        Enrollments b = server(16);
        PendingEnrollment p = a.begin("alice", "alice@acme.test").pending().orElseThrow();
        Totp totp = Totp.of(p.secret(), p.parameters());
        assertTrue(b.confirm("alice", p.handle(), totp.codeAt(clock.instant())).isConfirmed());
        int rounds = 200;
        for (int round = 0; round < rounds; round++) {
            clock.advance(Duration.ofSeconds(30));
            String code = totp.codeAt(clock.instant());
            List<Callable<LoginCheck>> tasks = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Enrollments server = i % 2 == 0 ? a : b;
                tasks.add(() -> server.verify("alice", code));
            }
            List<LoginCheck> results = race(tasks);
            long accepted = results.stream().filter(LoginCheck::isAccepted).count();
            long replayed = results.stream().filter(r -> r instanceof Outcome.Replayed).count();
            assertEquals(1, accepted, "round " + round + ": " + results);
            assertEquals(THREADS - 1, replayed, "round " + round + ": " + results);
        }
        assertEquals(0, store.find("alice").orElseThrow().consecutiveFailures());
    }

    @Test
    void concurrentWrongCodesRaiseTheCounterByExactlyTheirNumber() throws Exception {
        // 32 writers on one record: a thread may lose up to 31 races in a row, so allow that many attempts.
        Enrollments a = server(THREADS + 1);
        Enrollments b = server(THREADS + 1);
        PendingEnrollment p = a.begin("bob", "bob@acme.test").pending().orElseThrow();
        Totp totp = Totp.of(p.secret(), p.parameters());
        assertTrue(a.confirm("bob", p.handle(), totp.codeAt(clock.instant())).isConfirmed());
        for (int round = 1; round <= 3; round++) {
            clock.advance(Duration.ofSeconds(30));
            String right = totp.codeAt(clock.instant());
            String wrong = right.equals("000000") ? "000001" : "000000";
            List<Callable<LoginCheck>> tasks = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Enrollments server = i % 2 == 0 ? a : b;
                tasks.add(() -> server.verify("bob", wrong));
            }
            List<LoginCheck> results = race(tasks);
            assertEquals(THREADS * round, store.find("bob").orElseThrow().consecutiveFailures(), "round " + round);
            List<Integer> counts = new ArrayList<>();
            results.forEach(r -> counts.add(((Outcome.WrongCode) r).consecutiveFailures()));
            counts.sort(null);
            for (int i = 0; i < THREADS; i++) {
                assertEquals(THREADS * (round - 1) + i + 1, counts.get(i), "each failure saw its own count");
            }
            if (round < 3) {
                continue;
            }
            assertTrue(a.verify("bob", right).isAccepted());
            assertEquals(0, store.find("bob").orElseThrow().consecutiveFailures());
        }
    }

    @Test
    void aRecoveryCodeIsAcceptedOnceUnderConcurrentUse() throws Exception {
        Enrollments a = server(THREADS + 1);
        PendingEnrollment p = a.begin("carol", "carol@acme.test").pending().orElseThrow();
        String rc = a.confirm("carol", p.handle(), Totp.of(p.secret(), p.parameters()).codeAt(clock.instant()))
                .recoveryCodes().get(0);
        List<Callable<RecoveryResult>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(() -> a.recover("carol", rc));
        }
        List<RecoveryResult> results = race(tasks);
        assertEquals(1, results.stream().filter(RecoveryResult::succeeded).count(), results.toString());
    }
}
