package dev.kairos.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Totp;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A month of attack on a controlled clock, by someone who knows Alice's password (SECURITY.md, "An attacker who
 * knows the password"). The attacker acts at the maximum rate the policy allows and wins every tie: a wrong TOTP
 * code whenever codes are checked (the instant each lockout ends, and every second while none is in force), and
 * with every one of those a wrong recovery code and a malformed code. Alice, the real user, signs in every hour: with
 * a code from her app whenever TOTP is not locked out, and with a recovery code otherwise; when two codes are left
 * she renews them with one of them ({@code regenerateRecoveryCodes}). Default throttling: 5 free guesses, then 30 s
 * doubling to 1 h, a budget of 48 wrong guesses in any 24 h that no sign-in refills, hard cap 100.
 */
class MonthOfAttackTest {

    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    static final int DAYS = 30;
    /** Codes one guess matches with a ±1 window: 3 of 10^6. */
    static final double PER_GUESS = 3e-6;

    final MutableClock clock = new MutableClock(START);
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final List<EnrollmentEvent> events = new CopyOnWriteArrayList<>();
    final Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").clock(clock).unsealed()
            .listener(events::add).build();

    @Test
    void theRealUserSignsInEveryHourAndTheAttackerGetsAtMostFortyEightGuessesInAny24Hours() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        Totp app = Totp.of(p.secret(), p.parameters());
        Deque<String> recovery = new ArrayDeque<>(mfa.confirm("alice", p.handle(), app.codeAt(clock.instant()))
                .recoveryCodes());
        List<Instant> guesses = new ArrayList<>();
        int totpSignIns = 0;
        int recoverySignIns = 0;
        int regenerations = 0;
        Duration longestLock = Duration.ZERO;
        Instant end = START.plus(Duration.ofDays(DAYS));
        Instant aliceAt = START.plus(Duration.ofMinutes(17));
        Instant attackerAt = START;
        while (clock.instant().isBefore(end)) {
            // The attacker first (he wins ties), at the maximum rate.
            if (!attackerAt.isAfter(clock.instant())) {
                int failures = store.find("alice").orElseThrow().consecutiveFailures();
                assertEquals(new Outcome.WrongCode(failures), mfa.recover("alice", "ZZZZ-ZZZZ-ZZZZ-ZZZZ"),
                        "a wrong recovery code is refused with the real count, and not counted");
                assertEquals(new Outcome.Malformed(), mfa.verify("alice", "' OR 1=1 --"));
                if (mfa.lockout("alice").isEmpty()) {
                    LoginCheck r = mfa.verify("alice", wrong(app.codeAt(clock.instant())));
                    assertTrue(r instanceof Outcome.WrongCode || r instanceof Outcome.LockedOut, r.toString());
                    guesses.add(clock.instant());
                }
                Optional<Outcome.LockedOut> lock = mfa.lockout("alice");
                if (lock.isPresent()) {
                    Outcome.LockedOut.Until until = assertInstanceOf(Outcome.LockedOut.Until.class, lock.get(),
                            "Alice signs in every hour, so the hard cap (100 in a row) is never reached");
                    Duration wait = Duration.between(clock.instant(), until.until());
                    longestLock = wait.compareTo(longestLock) > 0 ? wait : longestLock;
                    attackerAt = until.until();
                } else {
                    attackerAt = clock.instant().plusSeconds(1);
                }
            }
            // Then Alice, at her hour.
            if (!aliceAt.isAfter(clock.instant())) {
                if (mfa.lockout("alice").isEmpty()) {
                    assertInstanceOf(LoginCheck.Accepted.class, mfa.verify("alice", app.codeAt(clock.instant())),
                            clock.instant() + ": not locked out, so her code is accepted");
                    totpSignIns++;
                } else {
                    RecoveryResult r = mfa.recover("alice", recovery.removeFirst());
                    assertEquals(new RecoveryResult.Recovered(recovery.size()), r,
                            clock.instant() + ": recovery always works");
                    recoverySignIns++;
                    if (recovery.size() <= 2) {
                        RegenerationResult fresh = mfa.regenerateRecoveryCodes("alice", recovery.removeFirst());
                        recovery = new ArrayDeque<>(assertInstanceOf(RegenerationResult.Regenerated.class, fresh)
                                .recoveryCodes());
                        regenerations++;
                    }
                }
                aliceAt = aliceAt.plus(Duration.ofHours(1));
            }
            Instant next = attackerAt.isBefore(aliceAt) ? attackerAt : aliceAt;
            clock.advance(Duration.between(clock.instant(), next));
        }
        int most = mostInAnyDay(guesses);
        double hit = 1 - Math.pow(1 - PER_GUESS, guesses.size());
        System.out.printf("month of attack, Alice hourly: %d attacker guesses in %d days (at most %d in any 24 h), "
                + "hit chance %.3f %%; Alice signed in %d times with TOTP and %d with a recovery code (%d renewals); "
                + "longest lockout %s%n", guesses.size(), DAYS, most, hit * 100, totpSignIns, recoverySignIns,
                regenerations, longestLock);
        assertTrue(most <= 48, "at most 48 wrong guesses in any 24 h: " + most);
        assertTrue(hit < 0.005, "under 0.5 % in the month: " + hit);
        assertEquals(DAYS * 24, totpSignIns + recoverySignIns, "Alice got in every hour");
        assertTrue(longestLock.compareTo(Duration.ofHours(1)) <= 0, "no lockout longer than the policy's 1 h");
        assertTrue(events.stream().noneMatch(e -> e.detail().contains("ZZZZ")), "no code in any event");
    }

    /** The most instants within any window of 24 hours (closed at both ends). */
    static int mostInAnyDay(List<Instant> instants) {
        int most = 0;
        int from = 0;
        for (int to = 0; to < instants.size(); to++) {
            while (instants.get(from).plus(Duration.ofDays(1)).isBefore(instants.get(to))) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }

    @Test
    void withoutTheRealUserTheHardCapStopsTheAttackerAfterAboutFourDaysAndARecoveryCodeStillOpens() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        Totp app = Totp.of(p.secret(), p.parameters());
        List<String> recovery = mfa.confirm("alice", p.handle(), app.codeAt(clock.instant())).recoveryCodes();
        int guessesMade = 0;
        int firstDay = 0;
        while (true) {
            Optional<Outcome.LockedOut> lock = mfa.lockout("alice");
            if (lock.isPresent() && lock.get() instanceof Outcome.LockedOut.UntilUnlocked) {
                break;
            }
            if (lock.isEmpty()) {
                mfa.verify("alice", wrong(app.codeAt(clock.instant())));
                guessesMade++;
                if (clock.instant().isBefore(START.plus(Duration.ofDays(1)))) {
                    firstDay++;
                }
                continue;
            }
            clock.advance(Duration.between(clock.instant(), ((Outcome.LockedOut.Until) lock.get()).until()));
        }
        Duration reached = Duration.between(START, clock.instant());
        System.out.printf("hard cap reached after %d guesses in %s (%d in the first day)%n", guessesMade, reached,
                firstDay);
        assertTrue(firstDay <= 35, "a day without a successful sign-in gives at most 35 guesses: " + firstDay);
        assertEquals(ThrottlingPolicy.MAX_HARD_CAP, guessesMade);
        assertTrue(reached.compareTo(Duration.ofDays(3)) > 0 && reached.compareTo(Duration.ofDays(5)) < 0,
                reached.toString());
        clock.advance(Duration.ofDays(30));
        assertEquals(new Outcome.LockedOut.UntilUnlocked(), mfa.verify("alice", app.codeAt(clock.instant())),
                "at the cap no code is checked, however long the attacker waits");
        assertEquals(new RecoveryResult.Recovered(9), mfa.recover("alice", recovery.get(0)));
        assertInstanceOf(LoginCheck.Accepted.class, mfa.verify("alice", app.codeAt(clock.instant())));
        assertTrue(events.stream().anyMatch(e -> e.type() == EnrollmentEvent.Type.RECOVERY_SIGN_IN
                && e.detail().contains("100 TOTP failures cleared")), "the host is told to warn the user");
    }

    static String wrong(String code) {
        return code.charAt(0) == '9' ? "0" + code.substring(1) : (char) (code.charAt(0) + 1) + code.substring(1);
    }
}
