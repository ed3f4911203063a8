package dev.kairos.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Totp;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Enrollment tickets (issue 20, "first use binds"): for accounts the host marks, the password alone never binds a
 * second factor; the ticket is single-use, expiring, stored hashed, and the events name who issued and who used it.
 */
class EnrollmentTicketsTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final List<EnrollmentEvent> events = new CopyOnWriteArrayList<>();
    final Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").clock(clock).unsealed()
            .requireTicket(id -> id.startsWith("admin")).listener(events::add).build();

    String code(PendingEnrollment p) {
        return Totp.of(p.secret(), p.parameters()).codeAt(clock.instant());
    }

    @Test
    void aMarkedAccountCannotBeBoundWithThePasswordAlone() {
        assertEquals(new BeginResult.TicketRequired(), mfa.begin("admin", "admin@acme.test"));
        assertEquals(Optional.empty(), store.find("admin"), "nothing written");
        assertEquals(EnrollmentStatus.NOT_ENROLLED, mfa.status("admin"));
        assertEquals(new BeginResult.TicketRefused(), mfa.begin("admin", "admin@acme.test", "ABCD-EFGH-JKMN-PQRS"),
                "no ticket was issued");
        assertEquals(Optional.empty(), store.find("admin"));
        assertTrue(mfa.begin("alice", "alice@acme.test").succeeded(), "unmarked accounts need none");
    }

    @Test
    void aTicketBindsOnceAndTheEventsNameWhoIssuedAndWhoUsedIt() {
        EnrollmentTicket ticket = mfa.issueTicket("admin", "root", Duration.ofDays(3));
        assertEquals(clock.instant().plus(Duration.ofDays(3)), ticket.expiresAt());
        assertEquals("EnrollmentTicket[accountId=admin, expiresAt=" + ticket.expiresAt() + "]", ticket.toString(),
                "never the ticket itself");
        EnrollmentRecord waiting = store.find("admin").orElseThrow();
        assertFalse(waiting.binding().orElseThrow().contains(ticket.ticket().replace("-", "")), "stored hashed");
        assertEquals(EnrollmentStatus.NOT_ENROLLED, mfa.status("admin"), "a waiting ticket is no set-up");
        EnrollmentEvent issued = events.get(events.size() - 1);
        assertEquals(EnrollmentEvent.Type.TICKET_ISSUED, issued.type());
        assertEquals("admin:root", issued.actor());

        assertEquals(new BeginResult.TicketRequired(), mfa.begin("admin", "admin@acme.test"));
        assertEquals(new BeginResult.TicketRefused(), mfa.begin("admin", "admin@acme.test", "ABCD-EFGH-JKMN-PQRS"));
        assertEquals(new BeginResult.TicketRefused(), mfa.begin("admin", "admin@acme.test", "not a ticket"));
        assertEquals(waiting, store.find("admin").orElseThrow(), "wrong tickets write nothing");

        String typed = " " + ticket.ticket().toLowerCase().replace("-", " ") + " ";
        PendingEnrollment p = mfa.begin("admin", "admin@acme.test", typed).pending().orElseThrow();
        EnrollmentEvent used = events.get(events.size() - 1);
        assertEquals(EnrollmentEvent.Type.BEGUN, used.type());
        assertEquals("user:admin", used.actor());
        assertTrue(used.detail().contains("issued by admin:root"), used.detail());
        assertEquals(new BeginResult.TicketRefused(), mfa.begin("admin", "admin@acme.test", ticket.ticket()),
                "single use");
        assertTrue(mfa.confirm("admin", p.handle(), code(p)).isConfirmed());
        EnrollmentRecord active = store.find("admin").orElseThrow();
        assertThrows(EnrollmentConflictException.class, () -> mfa.begin("admin", "admin@acme.test", ticket.ticket()),
                "active MFA: begin is a conflict whatever the ticket");
        assertEquals(active, store.find("admin").orElseThrow());
    }

    @Test
    void aTicketExpiresAndAnotherAccountsTicketIsRefused() {
        EnrollmentTicket forAdmin = mfa.issueTicket("admin", "root", Duration.ofMinutes(10));
        EnrollmentTicket forOther = mfa.issueTicket("admin2", "root", Duration.ofMinutes(10));
        assertEquals(new BeginResult.TicketRefused(), mfa.begin("admin", "a@acme.test", forOther.ticket()));
        clock.advance(Duration.ofMinutes(10));
        EnrollmentRecord before = store.find("admin").orElseThrow();
        assertEquals(new BeginResult.TicketRefused(), mfa.begin("admin", "a@acme.test", forAdmin.ticket()), "expired");
        assertEquals(before, store.find("admin").orElseThrow());
        EnrollmentTicket fresh = mfa.issueTicket("admin", "root", Duration.ofMinutes(10));
        assertTrue(mfa.begin("admin", "a@acme.test", fresh.ticket()).succeeded());
    }

    @Test
    void issuingATicketReplacesASetUpInProgressButNeverActiveMfa() {
        PendingEnrollment attacker = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        EnrollmentTicket ticket = mfa.issueTicket("alice", "root", Duration.ofHours(1));
        assertEquals(new Outcome.StaleHandle(), mfa.confirm("alice", attacker.handle(), code(attacker)),
                "the set-up the ticket replaced is stale, not counted");
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test", ticket.ticket()).pending().orElseThrow();
        assertTrue(mfa.confirm("alice", p.handle(), code(p)).isConfirmed());
        EnrollmentRecord active = store.find("alice").orElseThrow();
        assertThrows(EnrollmentConflictException.class, () -> mfa.issueTicket("alice", "root", Duration.ofHours(1)));
        assertEquals(active, store.find("alice").orElseThrow());
    }

    @Test
    void badArgumentsAreClearErrorsThatWriteNothing() {
        assertThrows(IllegalArgumentException.class, () -> mfa.issueTicket("admin", "root", Duration.ofSeconds(59)));
        assertThrows(IllegalArgumentException.class, () -> mfa.issueTicket("admin", "root", Duration.ofDays(31)));
        assertThrows(NullPointerException.class, () -> mfa.issueTicket("admin", "root", null));
        assertThrows(dev.kairos.store.InvalidAccountException.class,
                () -> mfa.issueTicket("admin", " root", Duration.ofDays(1)));
        assertThrows(NullPointerException.class, () -> mfa.begin("admin", "a@acme.test", null));
        assertEquals(Optional.empty(), store.find("admin"));
        assertThrows(IllegalArgumentException.class,
                () -> mfa.issueTicket("admin", "root", Duration.ofDays(30).plusMillis(1)));
        assertEquals(Optional.empty(), store.find("admin"));

        // the limits themselves are valid: 1 minute and 30 days
        assertEquals(clock.instant().plus(Duration.ofMinutes(1)),
                mfa.issueTicket("admin", "root", Duration.ofMinutes(1)).expiresAt());
        assertEquals(clock.instant().plus(Duration.ofDays(30)),
                mfa.issueTicket("admin", "root", Duration.ofDays(30)).expiresAt());
    }

    @Test
    void theSameTicketUsedTwiceAtOnceBindsExactlyOnce() throws Exception {
        for (int round = 0; round < 20; round++) {
            String id = "admin-" + round;
            EnrollmentTicket ticket = mfa.issueTicket(id, "root", Duration.ofHours(1));
            List<BeginResult> results = Race.run(Race.times(2, () -> mfa.begin(id, "a@acme.test", ticket.ticket())));
            assertEquals(1, results.stream().filter(BeginResult::succeeded).count(), results.toString());
            assertTrue(results.contains(new BeginResult.TicketRefused()), results.toString());
            PendingEnrollment winner = results.stream().filter(BeginResult::succeeded).findFirst().orElseThrow()
                    .pending().orElseThrow();
            assertTrue(mfa.confirm(id, winner.handle(), code(winner)).isConfirmed());
        }
    }
}
