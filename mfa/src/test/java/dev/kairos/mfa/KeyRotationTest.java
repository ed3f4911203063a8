package dev.kairos.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kairos.core.Totp;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.SealedSecret;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Key rotation can finish: batches move records to the primary key, and the report says when a key can go. */
class KeyRotationTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final List<EnrollmentEvent> events = new CopyOnWriteArrayList<>();
    final byte[] oldKey = new byte[32];
    final byte[] newKey = new byte[32];

    KeyRotationTest() {
        newKey[0] = 1;
    }

    @Test
    void batchesMoveEveryRecordToThePrimaryKeyAndTheReportSaysWhenTheOldKeyCanGo() {
        Enrollments before = Enrollments.builder(store).issuer("ACME").clock(clock)
                .sealWith(KeyRing.of("2025", oldKey)).build();
        List<String> ids = new ArrayList<>();
        List<Totp> apps = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String id = "user-" + i;
            PendingEnrollment p = before.begin(id, id + "@acme.test").pending().orElseThrow();
            Totp app = Totp.of(p.secret(), p.parameters());
            assertInstanceOf(Confirmation.Confirmed.class, before.confirm(id, p.handle(), app.codeAt(clock.instant())));
            ids.add(id);
            apps.add(app);
        }
        ids.add("never-enrolled");
        Enrollments rotated = Enrollments.builder(store).issuer("ACME").clock(clock).listener(events::add)
                .sealWith(KeyRing.of("2026", newKey).withRetiredKey("2025", oldKey)).build();
        // each batch moves its records and reports what seals them now
        assertEquals(Map.of("2026", 10), rotated.resealBatch(ids.subList(0, 10)));
        assertEquals(10, events.stream().filter(e -> e.type() == EnrollmentEvent.Type.RESEALED
                && e.actor().equals(EnrollmentEvent.SYSTEM)).count());
        assertEquals(Map.of("2026", 15), rotated.resealBatch(ids.subList(10, ids.size())), "ids without a record are skipped");
        assertEquals(Map.of("2026", 25), rotated.resealBatch(ids), "a second pass finds nothing to move");
        assertEquals(25, events.stream().filter(e -> e.type() == EnrollmentEvent.Type.RESEALED).count());
        // the old key can now go: a ring without it opens every secret
        Enrollments after = Enrollments.builder(store).issuer("ACME").clock(clock)
                .sealWith(KeyRing.of("2026", newKey)).build();
        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 25; i++) {
            assertInstanceOf(LoginCheck.Accepted.class, after.verify(ids.get(i), apps.get(i).codeAt(clock.instant())));
        }
    }

    @Test
    void aWriteSealsAnOldKeysSecretAgainWithThePrimaryKeyAndOnlyThen() {
        Enrollments before = Enrollments.builder(store).issuer("ACME").clock(clock)
                .sealWith(KeyRing.of("2025", oldKey)).build();
        PendingEnrollment p = before.begin("alice", "alice@acme.test").pending().orElseThrow();
        Totp app = Totp.of(p.secret(), p.parameters());
        assertInstanceOf(Confirmation.Confirmed.class, before.confirm("alice", p.handle(), app.codeAt(clock.instant())));
        SealedSecret sealed = store.find("alice").orElseThrow().secret();
        clock.advance(Duration.ofSeconds(30));
        assertInstanceOf(LoginCheck.Accepted.class, before.verify("alice", app.codeAt(clock.instant())));
        assertEquals(sealed, store.find("alice").orElseThrow().secret(),
                "sealed with the primary key already: kept as it is (a new seal has a new nonce)");

        Enrollments rotated = Enrollments.builder(store).issuer("ACME").clock(clock)
                .sealWith(KeyRing.of("2026", newKey).withRetiredKey("2025", oldKey)).build();
        assertInstanceOf(Outcome.WrongCode.class, rotated.verify("alice", MonthOfAttackTest.wrong(
                app.codeAt(clock.instant()))));
        SealedSecret resealed = store.find("alice").orElseThrow().secret();
        assertEquals("2026", resealed.keyId(), "a counted wrong code is a write too: it re-seals");
        clock.advance(Duration.ofSeconds(30));
        assertInstanceOf(LoginCheck.Accepted.class, rotated.verify("alice", app.codeAt(clock.instant())));
        assertEquals(resealed, store.find("alice").orElseThrow().secret(), "and once is enough");
    }

    @Test
    void aBatchThatMeetsARecordItCannotOpenStopsWithAClearError() {
        Enrollments other = Enrollments.builder(store).issuer("ACME").clock(clock)
                .sealWith(KeyRing.of("elsewhere", oldKey)).build();
        PendingEnrollment p = other.begin("alice", "alice@acme.test").pending().orElseThrow();
        other.confirm("alice", p.handle(), Totp.of(p.secret(), p.parameters()).codeAt(clock.instant()));
        Enrollments rotated = Enrollments.builder(store).issuer("ACME").clock(clock)
                .sealWith(KeyRing.of("2026", newKey)).build();
        assertThrows(SealedSecretException.class, () -> rotated.resealBatch(List.of("alice")));
        assertEquals("elsewhere", store.find("alice").orElseThrow().secret().keyId(), "nothing written");
    }
}
