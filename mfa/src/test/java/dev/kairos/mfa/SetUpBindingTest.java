package dev.kairos.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Totp;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentState;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.tck.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A set-up belongs to whoever began it (issue 20, "enrollment hijack"): the handle, the refusal of a second begin,
 * re-showing, starting over, and what stale, forged and foreign handles get.
 */
class SetUpBindingTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final List<EnrollmentEvent> events = new CopyOnWriteArrayList<>();
    final Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").clock(clock)
            .sealWith(KeyRing.of("k1", new byte[32])).listener(events::add).build();

    String code(PendingEnrollment p) {
        return Totp.of(p.secret(), p.parameters()).codeAt(clock.instant());
    }

    EnrollmentRecord record(String id) {
        return store.find(id).orElseThrow();
    }

    @Test
    void theHijackOfIssue20FailsASecondPortalCannotReplaceOrConfirmCarolsSetUp() {
        PendingEnrollment carol = mfa.begin("carol", "carol@acme.test").pending().orElseThrow();
        EnrollmentRecord pending = record("carol");
        // the attacker, with Carol's password, on the other portal
        BeginResult attacker = mfa.withOrigin("198.51.100.7").begin("carol", "carol@acme.test");
        assertEquals(new BeginResult.InProgress(carol.expiresAt()), attacker);
        assertFalse(attacker.succeeded());
        assertEquals(pending, record("carol"), "nothing written");
        EnrollmentEvent refused = events.get(events.size() - 1);
        assertEquals(EnrollmentEvent.Type.SET_UP_REFUSED, refused.type());
        assertEquals(Optional.of("198.51.100.7"), refused.origin());
        // without Carol's handle the attacker cannot confirm either, even with a right code, and it is not counted
        assertEquals(new Outcome.StaleHandle(), mfa.confirm("carol", "forged-handle", code(carol)));
        assertEquals(new Outcome.StaleHandle(), mfa.confirm("carol", null, code(carol)));
        assertEquals(pending, record("carol"), "a forged handle writes nothing and counts nothing");
        // Carol's right code is accepted and she gets the recovery codes
        assertTrue(mfa.confirm("carol", carol.handle(), code(carol)).isConfirmed());
    }

    @Test
    void theHandleIsStoredOnlyAsAHashAndNeverShownByToString() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        assertTrue(p.handle().length() >= 22, "128 bits in Base64url");
        EnrollmentRecord r = record("alice");
        String binding = r.binding().orElseThrow();
        assertFalse(binding.contains(p.handle()), "the record keeps a hash, not the handle");
        assertFalse(p.toString().contains(p.handle()));
        assertFalse(r.toString().contains(binding));
        assertNotEquals(p.handle(), mfa.restart("alice", p.handle()).pending().orElseThrow().handle());
    }

    @Test
    void aReloadReShowsTheSameSetUpWithoutANewSecretAndOnlyForItsHandle() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        EnrollmentRecord before = record("alice");
        PendingEnrollment again = mfa.pending("alice", p.handle()).orElseThrow();
        assertEquals(p.secret(), again.secret());
        assertEquals(p.uri().toUriString(), again.uri().toUriString(), "the same QR code");
        assertEquals(p.expiresAt(), again.expiresAt());
        assertEquals(p.handle(), again.handle());
        assertEquals(before, record("alice"), "re-showing writes nothing");
        assertEquals(Optional.empty(), mfa.pending("alice", "forged"));
        assertEquals(Optional.empty(), mfa.pending("alice", null));
        assertEquals(Optional.empty(), mfa.pending("bob", p.handle()), "another account's handle");
        clock.advance(Duration.ofMinutes(30));
        assertEquals(Optional.empty(), mfa.pending("alice", p.handle()), "expired");
    }

    @Test
    void anotherAccountsHandleIsStaleForThisAccount() {
        PendingEnrollment alice = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        PendingEnrollment bob = mfa.begin("bob", "bob@acme.test").pending().orElseThrow();
        EnrollmentRecord before = record("alice");
        assertEquals(new Outcome.StaleHandle(), mfa.confirm("alice", bob.handle(), code(alice)));
        assertEquals(new Outcome.StaleHandle(), mfa.restart("alice", bob.handle()));
        assertEquals(before, record("alice"));
        assertTrue(mfa.confirm("bob", bob.handle(), code(bob)).isConfirmed());
    }

    @Test
    void afterItsLifetimeASetUpCanBeReplacedAndItsOldHandleIsNotCounted() {
        PendingEnrollment first = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        clock.advance(Duration.ofMinutes(30));
        assertEquals(EnrollmentStatus.NOT_ENROLLED, mfa.status("alice"));
        PendingEnrollment second = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        assertEquals(new Outcome.StaleHandle(), mfa.confirm("alice", first.handle(), code(second)),
                "superseded: its own answer even with the new secret's right code");
        assertEquals(0, record("alice").consecutiveFailures());
        assertEquals(new Outcome.StaleHandle(), mfa.restart("alice", first.handle()));
        assertTrue(mfa.confirm("alice", second.handle(), code(second)).isConfirmed());
        assertEquals(Optional.empty(), record("alice").binding(), "a confirmed enrollment keeps no binding");
    }

    @Test
    void aConfirmationRacingAStartOverEitherConfirmsTheFirstSetUpOrIsStaleNeverCounted() throws Exception {
        for (int round = 0; round < 20; round++) {
            String id = "racer-" + round;
            PendingEnrollment p = mfa.begin(id, "racer@acme.test").pending().orElseThrow();
            String code = code(p);
            List<Object> results = Race.run(List.<Callable<Object>>of(() -> mfa.confirm(id, p.handle(), code),
                    () -> mfa.restart(id, p.handle())));
            Confirmation c = (Confirmation) results.get(0);
            BeginResult b = (BeginResult) results.get(1);
            EnrollmentRecord r = record(id);
            assertEquals(0, r.consecutiveFailures(), "never counted");
            if (c.isConfirmed()) {
                assertEquals(new Outcome.StaleHandle(), b, "confirmed first: nothing left to start over");
                assertEquals(EnrollmentState.ACTIVE, r.state());
            } else {
                assertEquals(new Outcome.StaleHandle(), c, "started over first: the old handle is stale");
                assertTrue(b.succeeded());
                assertEquals(EnrollmentState.PENDING, r.state());
            }
        }
    }

    @Test
    void twoPortalsBeginningAtOnceGetExactlyOneSetUp() throws Exception {
        List<BeginResult> results = Race.run(Race.times(8, () -> mfa.begin("dora", "dora@acme.test")));
        List<BeginResult> begun = results.stream().filter(BeginResult::succeeded).toList();
        assertEquals(1, begun.size(), results.toString());
        results.stream().filter(r -> !r.succeeded())
                .forEach(r -> assertInstanceOf(BeginResult.InProgress.class, r));
        PendingEnrollment p = begun.get(0).pending().orElseThrow();
        assertTrue(mfa.confirm("dora", p.handle(), code(p)).isConfirmed());
    }

    @Test
    void bindingsOfAnotherFormatBindNothing() {
        assertEquals(Binding.NONE, Binding.decode("v2.hsomething"));
        assertEquals(Binding.NONE, Binding.decode("v1.enot-a-number"));
        Binding b = Binding.ticket("ABCD", Instant.parse("2026-03-02T00:00:00Z"), "admin:röot");
        assertEquals(b, Binding.decode(b.encoded().orElseThrow()));
        assertTrue(b.encoded().orElseThrow().chars().allMatch(c -> c >= '!' && c <= '~'));
        assertEquals(Optional.empty(), Binding.NONE.encoded());
        assertTrue(new String(b.encoded().orElseThrow().getBytes(StandardCharsets.US_ASCII),
                StandardCharsets.US_ASCII).startsWith("v1."));
    }
}
