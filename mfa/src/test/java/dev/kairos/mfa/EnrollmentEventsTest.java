package dev.kairos.mfa;

import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.SealedSecret;
import dev.kairos.store.RecoveryCodeHash;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.InvalidAccountException;
import dev.kairos.store.tck.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Totp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The event each operation reports to the listener: every refusal is a {@code CODE_REFUSED} event that names the
 * operation and the reason, by the user, after the check; admin operations name the administrator.
 */
class EnrollmentEventsTest {

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final List<EnrollmentEvent> events = new CopyOnWriteArrayList<>();
    final Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").clock(clock)
            .sealWith(KeyRing.of("k1", new byte[32])).listener(events::add).build();

    private EnrollmentEvent last() {
        return events.get(events.size() - 1);
    }

    private String code(PendingEnrollment p) {
        return Totp.of(p.secret(), p.parameters()).codeAt(clock.instant());
    }

    private static String wrong(String code) {
        return code.charAt(0) == '9' ? "0" + code.substring(1) : (char) (code.charAt(0) + 1) + code.substring(1);
    }

    /** Alice enrolled and confirmed; returns her recovery codes. */
    private List<String> activeAlice(PendingEnrollment p) {
        return mfa.confirm("alice", p.handle(), code(p)).recoveryCodes();
    }

    private void assertRefused(String detail) {
        EnrollmentEvent e = last();
        assertEquals(EnrollmentEvent.Type.CODE_REFUSED, e.type(), e.toString());
        assertTrue(e.detail().startsWith(detail), e.detail());
        assertEquals("user:alice", e.actor());
        assertEquals(clock.instant(), e.at());
    }

    @Test
    void everyOperationOnAnAccountWithoutMfaReportsNotEnrolled() {
        mfa.verify("alice", "123456");
        assertRefused("sign-in: not enrolled");
        mfa.confirm("alice", "no-handle", "123456");
        assertRefused("confirm: nothing pending");
        mfa.recover("alice", "AAAA-BBBB-CCCC");
        assertRefused("recovery: not enrolled");
        mfa.disable("alice", "123456");
        assertRefused("disable: not enrolled");
        assertEquals(4, events.size());
    }

    @Test
    void aPendingEnrollmentReportsMalformedAndExpiredConfirmations() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        assertEquals(new Outcome.Malformed(), mfa.confirm("alice", p.handle(), "12 456"));
        assertRefused("confirm: malformed input");
        mfa.verify("alice", code(p));
        assertRefused("sign-in: not enrolled");
        clock.advance(Duration.ofMinutes(30));
        assertEquals(new Confirmation.NotPending(EnrollmentStatus.NOT_ENROLLED), mfa.confirm("alice", p.handle(), code(p)));
        assertRefused("confirm: nothing pending (NOT_ENROLLED)");
    }

    @Test
    void aPendingEnrollmentIsValidUntilTheLastSecondBeforeItExpires() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        clock.advance(Duration.ofMinutes(30).minusSeconds(1));
        assertTrue(mfa.confirm("alice", p.handle(), code(p)).isConfirmed());
    }

    @Test
    void aConfirmedAccountReportsMalformedReplayedAndWrongLogins() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        String confirming = code(p);
        activeAlice(p);
        mfa.confirm("alice", p.handle(), confirming);
        assertRefused("confirm: nothing pending (ACTIVE)");

        assertEquals(new Outcome.Malformed(), mfa.verify("alice", "abcdef"));
        assertRefused("sign-in: malformed input");
        assertEquals(new Outcome.Replayed(), mfa.verify("alice", confirming));
        assertRefused("sign-in: replayed code");
        clock.advance(Duration.ofSeconds(30));
        assertEquals(new Outcome.WrongCode(1), mfa.verify("alice", wrong(code(p))));
        assertRefused("sign-in: wrong code, 1 in a row");
    }

    @Test
    void theFifthWrongLoginLocksOutAndTheNextLoginIsRefusedAsLockedOut() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        activeAlice(p);
        clock.advance(Duration.ofSeconds(30));
        for (int i = 1; i <= 4; i++) {
            assertEquals(new Outcome.WrongCode(i), mfa.verify("alice", wrong(code(p))));
        }
        LoginCheck fifth = mfa.verify("alice", wrong(code(p)));
        Instant until = clock.instant().plusSeconds(30);
        assertEquals(new Outcome.LockedOut.Until(until), fifth);
        assertEquals(EnrollmentEvent.Type.LOCKED_OUT, last().type());
        assertEquals("TOTP codes locked until " + until, last().detail());
        assertEquals("sign-in: wrong code, 5 in a row", events.get(events.size() - 2).detail());

        assertEquals(new Outcome.LockedOut.Until(until), mfa.verify("alice", code(p)));
        assertRefused("sign-in: locked out");
        // recovery codes are still checked during the lockout, and a wrong one is neither counted nor locking: the
        // answer reports the count as it stands
        assertEquals(new Outcome.WrongCode(5), mfa.recover("alice", "AAAA-BBBB-CCCC-DDDD"));
        assertRefused("recovery: wrong or used recovery code");
        assertEquals(new Outcome.WrongCode(5), mfa.disable("alice", "AAAA-BBBB-CCCC-DDDD"));
        assertRefused("disable: wrong or used recovery code");
        assertEquals(5, store.find("alice").orElseThrow().consecutiveFailures());

        // at the lockout's end the account takes codes again
        clock.advance(Duration.between(clock.instant(), until));
        assertTrue(mfa.verify("alice", code(p)) instanceof LoginCheck.Accepted);
    }

    @Test
    void malformedRecoveryAndDisableCodesAreReportedAsMalformed() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        activeAlice(p);
        assertEquals(new Outcome.Malformed(), mfa.recover("alice", "not a code!"));
        assertRefused("recovery: malformed input");
        assertEquals(new Outcome.Malformed(), mfa.disable("alice", "12345!"));
        assertRefused("disable: malformed input");
    }

    @Test
    void unlockAndResetReportTheirEventsAndSayWhetherThereWasAnAccount() {
        assertFalse(mfa.unlock("alice", "admin"));
        assertFalse(mfa.reset("alice", "admin"));
        assertTrue(events.isEmpty());
        mfa.begin("alice", "alice@acme.test");
        assertTrue(mfa.unlock("alice", "admin"));
        assertEquals(new EnrollmentEvent(EnrollmentEvent.Type.UNLOCKED, "alice", clock.instant(), "admin:admin",
                Optional.empty(), "failures (0), lockout and spent guess budget cleared"), last());
        assertTrue(mfa.reset("alice", "admin"));
        assertEquals(new EnrollmentEvent(EnrollmentEvent.Type.RESET, "alice", clock.instant(), "admin:admin",
                Optional.empty(), "enrollment removed without proof"), last());
        assertEquals(EnrollmentStatus.NOT_ENROLLED, mfa.status("alice"));
    }

    @Test
    void eventsCarryTheOriginTheHostSuppliedAndNothingElseChanges() {
        PendingEnrollment p = mfa.withOrigin("203.0.113.7").begin("alice", "alice@acme.test").pending().orElseThrow();
        assertEquals(Optional.of("203.0.113.7"), last().origin());
        mfa.confirm("alice", p.handle(), code(p));
        assertEquals(Optional.empty(), last().origin(), "the service itself keeps no origin");
        assertThrows(InvalidAccountException.class, () -> mfa.withOrigin(" "));
        assertThrows(InvalidAccountException.class, () -> mfa.withOrigin("a\nb"));
    }

    @Test
    void aFloodOfMalformedCodesReachesTheListenerAtMostTenTimesAMinuteThenAsOneCount() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        activeAlice(p);
        events.clear();
        for (int i = 0; i < 10_000; i++) {
            assertEquals(new Outcome.Malformed(), mfa.verify("alice", "garbage" + i));
        }
        assertEquals(MalformedAudit.PER_MINUTE, events.size(), "the first ten of the minute, then silence");
        clock.advance(Duration.ofMinutes(1));
        mfa.verify("alice", "x");
        assertEquals(EnrollmentEvent.Type.MALFORMED_SUPPRESSED, events.get(events.size() - 2).type());
        assertTrue(events.get(events.size() - 2).detail().startsWith("9990 "), events.get(events.size() - 2).detail());
        assertRefused("sign-in: malformed input");
        assertEquals(0, store.find("alice").orElseThrow().consecutiveFailures(), "malformed input is not a guess");
    }
}
