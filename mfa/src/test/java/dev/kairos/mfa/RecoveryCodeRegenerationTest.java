package dev.kairos.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Totp;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fresh recovery codes (issue 20): regeneration, the remaining count, the low-codes event, races. */
class RecoveryCodeRegenerationTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final List<EnrollmentEvent> events = new CopyOnWriteArrayList<>();
    final Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").clock(clock).unsealed()
            .listener(events::add).build();
    Totp app;
    List<String> codes;

    @BeforeEach
    void enrollAlice() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        app = Totp.of(p.secret(), p.parameters());
        codes = mfa.confirm("alice", p.handle(), app.codeAt(clock.instant())).recoveryCodes();
        clock.advance(Duration.ofSeconds(30));
    }

    EnrollmentRecord alice() {
        return store.find("alice").orElseThrow();
    }

    @Test
    void aCurrentCodeReplacesTheWholeSetWhichIsShownOnceAndOldCodesStopWorking() {
        assertEquals(OptionalInt.of(10), mfa.remainingRecoveryCodes("alice"));
        mfa.recover("alice", codes.get(0));
        assertEquals(OptionalInt.of(9), mfa.remainingRecoveryCodes("alice"));
        String code = app.codeAt(clock.instant());
        RegenerationResult r = mfa.regenerateRecoveryCodes("alice", code);
        List<String> fresh = assertInstanceOf(RegenerationResult.Regenerated.class, r).recoveryCodes();
        assertEquals(10, fresh.size());
        assertEquals("Regenerated[10 recovery codes]", r.toString(), "toString never shows the codes");
        assertEquals(OptionalInt.of(10), mfa.remainingRecoveryCodes("alice"));
        assertEquals(new Outcome.WrongCode(0), mfa.recover("alice", codes.get(1)), "old codes no longer work");
        assertEquals(new Outcome.Replayed(), mfa.regenerateRecoveryCodes("alice", code), "the code is spent");
        assertEquals(new Outcome.Replayed(), mfa.verify("alice", code), "also for signing in");
        assertEquals(new RecoveryResult.Recovered(9), mfa.recover("alice", fresh.get(0)));
        EnrollmentEvent regenerated = events.stream()
                .filter(e -> e.type() == EnrollmentEvent.Type.RECOVERY_CODES_REGENERATED).findFirst().orElseThrow();
        assertTrue(fresh.stream().noneMatch(c -> regenerated.detail().contains(c)));
    }

    @Test
    void anUnusedRecoveryCodeAlsoProvesPossessionEvenDuringALockout() {
        for (int i = 0; i < 5; i++) {
            mfa.verify("alice", wrong(app.codeAt(clock.instant())));
        }
        assertTrue(mfa.lockout("alice").isPresent());
        assertInstanceOf(Outcome.LockedOut.class, mfa.regenerateRecoveryCodes("alice", app.codeAt(clock.instant())),
                "a TOTP code is locked out");
        RegenerationResult r = mfa.regenerateRecoveryCodes("alice", codes.get(4));
        assertTrue(r.succeeded(), r.toString());
        assertEquals(new Outcome.WrongCode(0), mfa.recover("alice", codes.get(5)));
        assertEquals(0, alice().consecutiveFailures(), "a recovery code is a success: the failures are cleared");
        assertEquals(Optional.empty(), mfa.lockout("alice"), "and the ramp's lockout ended");
        assertInstanceOf(LoginCheck.Accepted.class, mfa.verify("alice", app.codeAt(clock.instant())));
    }

    /**
     * Why regeneration accepts a recovery code (SECURITY.md): whoever holds the password and one unused recovery code
     * can already sign in with it and turn the second factor off with it; a new set is less than that. A used code buys
     * neither.
     */
    @Test
    void aStolenRecoveryCodeBuysNoMoreByRegeneratingThanItAlreadyBuysByDisabling() {
        String stolen = codes.get(3);
        EnrollmentRecord before = alice();
        assertEquals(new RecoveryResult.Recovered(9), mfa.recover("alice", codes.get(2)));
        assertEquals(new Outcome.WrongCode(0), mfa.recover("alice", codes.get(2)), "a used code buys nothing");
        assertEquals(new Outcome.WrongCode(0), mfa.regenerateRecoveryCodes("alice", codes.get(2)));
        assertEquals(new Outcome.WrongCode(0), mfa.disable("alice", codes.get(2)));
        assertEquals(9, alice().unusedRecoveryCodes());

        // the same unused code would turn the factor off ...
        InMemoryEnrollmentStore copy = new InMemoryEnrollmentStore();
        copy.insertIfAbsent(before);
        Enrollments other = Enrollments.builder(copy).issuer("ACME Corp").clock(clock).unsealed().build();
        assertInstanceOf(DisableResult.Disabled.class, other.disable("alice", stolen));
        assertEquals(Optional.empty(), copy.find("alice"));
        // ... so replacing the set with it gives nothing more: the thief keeps TOTP closed, the user's TOTP still works
        assertTrue(mfa.regenerateRecoveryCodes("alice", stolen).succeeded());
        assertEquals(EnrollmentStatus.ACTIVE, mfa.status("alice"));
        assertInstanceOf(LoginCheck.Accepted.class, mfa.verify("alice", app.codeAt(clock.instant())));
    }

    @Test
    void wrongReplayedMalformedAndNotEnrolledChangeNothingButAWrongCodeIsCounted() {
        EnrollmentRecord before = alice();
        assertEquals(new Outcome.Malformed(), mfa.regenerateRecoveryCodes("alice", "12"));
        assertEquals(new Outcome.Malformed(), mfa.regenerateRecoveryCodes("alice", null));
        assertEquals(new Outcome.WrongCode(0), mfa.regenerateRecoveryCodes("alice", "ZZZZ-ZZZZ-ZZZZ-ZZZZ"));
        assertEquals(before, alice(), "nothing written");
        assertEquals(new Outcome.NotEnrolled(), mfa.regenerateRecoveryCodes("nobody", "123456"));
        assertEquals(OptionalInt.empty(), mfa.remainingRecoveryCodes("nobody"));
        assertEquals(new Outcome.WrongCode(1), mfa.regenerateRecoveryCodes("alice", wrong(app.codeAt(clock.instant()))));
        assertEquals(1, alice().consecutiveFailures());
        assertEquals(before.recoveryCodes(), alice().recoveryCodes(), "the set is kept");
    }

    @Test
    void aRecoverySignInWithFewCodesLeftRaisesAnEvent() {
        for (int i = 0; i < 6; i++) {
            mfa.recover("alice", codes.get(i));
        }
        assertTrue(events.stream().noneMatch(e -> e.type() == EnrollmentEvent.Type.RECOVERY_CODES_LOW));
        mfa.recover("alice", codes.get(6));
        EnrollmentEvent low = events.get(events.size() - 1);
        assertEquals(EnrollmentEvent.Type.RECOVERY_CODES_LOW, low.type());
        assertTrue(low.detail().startsWith("3 recovery codes left"), low.detail());
    }

    @Test
    void twoRegenerationsRacingLeaveExactlyOneSet() throws Exception {
        List<String> current = codes;
        for (int round = 0; round < 20; round++) {
            clock.advance(Duration.ofSeconds(30));
            String code = app.codeAt(clock.instant());
            List<RegenerationResult> results = Race.run(Race.times(2,
                    () -> mfa.regenerateRecoveryCodes("alice", code)));
            List<RegenerationResult> won = results.stream().filter(RegenerationResult::succeeded).toList();
            assertEquals(1, won.size(), results.toString());
            assertTrue(results.contains(new Outcome.Replayed()), results.toString());
            List<String> survivor = ((RegenerationResult.Regenerated) won.get(0)).recoveryCodes();
            assertEquals(OptionalInt.of(10), mfa.remainingRecoveryCodes("alice"));
            assertEquals(new Outcome.WrongCode(0), mfa.recover("alice", current.get(1)), "the old set is gone");
            assertEquals(new RecoveryResult.Recovered(9), mfa.recover("alice", survivor.get(0)),
                    "the surviving set is the one shown");
            current = survivor;
        }
        // and two regenerations with two codes of the same set: the loser's code went with the old set
        List<String> last = current;
        List<RegenerationResult> results = Race.run(List.<Callable<RegenerationResult>>of(() -> mfa.regenerateRecoveryCodes("alice", last.get(1)),
                () -> mfa.regenerateRecoveryCodes("alice", last.get(2))));
        assertEquals(1, results.stream().filter(RegenerationResult::succeeded).count(), results.toString());
        assertTrue(results.contains(new Outcome.WrongCode(0)), results.toString());
        assertNotEquals(codes, current);
    }

    static String wrong(String code) {
        return MonthOfAttackTest.wrong(code);
    }
}
