package dev.kairos.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Totp;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A month of attack on a controlled clock, by someone who knows Alice's password (SECURITY.md, "An attacker who
 * knows the password"). The attacker acts at the maximum rate the policy allows: a wrong TOTP code the instant
 * each lockout ends, and with every one of those a wrong recovery code and a malformed code. Alice, the real user,
 * signs in once a day: with a code from her app when TOTP is not locked out, and with a recovery code otherwise.
 * Default throttling: 5 free guesses, then 30 s doubling to 1 h; hard cap 100.
 */
class MonthOfAttackTest {

    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    static final int DAYS = 30;

    final MutableClock clock = new MutableClock(START);
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final List<EnrollmentEvent> events = new CopyOnWriteArrayList<>();
    // 40 recovery codes: Alice spends at most one a day for the month (a host would offer new ones; see SECURITY.md).
    final Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").clock(clock).unsealed()
            .recoveryCodeCount(40).listener(events::add).build();

    /** Attacker's wrong TOTP guesses that were checked (counted), per day. */
    final int[] guesses = new int[DAYS];

    @Test
    void theRealUserSignsInEveryDayAndTheAttackerGetsAtMostFortyEightGuessesADay() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test");
        Totp app = Totp.of(p.secret(), p.parameters());
        List<String> recovery = new ArrayList<>(mfa.confirm("alice", app.codeAt(clock.instant())).recoveryCodes());
        int totpSignIns = 0;
        int recoverySignIns = 0;
        Duration longestLock = Duration.ZERO;
        for (int day = 0; day < DAYS; day++) {
            Instant dayStart = START.plus(Duration.ofDays(day));
            Instant aliceAt = dayStart.plus(Duration.ofHours(9)).plusSeconds(day * 97L % 3600);
            boolean aliceDone = false;
            while (clock.instant().isBefore(dayStart.plus(Duration.ofDays(1)))) {
                Optional<Outcome.LockedOut> aliceSees = mfa.lockout("alice");
                // On odd days Alice signs in at her time, with a recovery code if TOTP is locked out; on even days she
                // waits for the end of a lockout and is first in (the policy lets her in then): both must work.
                boolean aliceWaits = day % 2 == 0 && aliceSees.isPresent();
                if (!aliceDone && !clock.instant().isBefore(aliceAt) && !aliceWaits) {
                    Optional<Outcome.LockedOut> lock = aliceSees;
                    if (lock.isEmpty()) {
                        assertInstanceOf(LoginCheck.Accepted.class, mfa.verify("alice", app.codeAt(clock.instant())),
                                "day " + day + ": not locked out, so her code is accepted");
                        totpSignIns++;
                    } else {
                        assertEquals(new RecoveryResult.Recovered(recovery.size() - 1),
                                mfa.recover("alice", recovery.remove(0)), "day " + day + ": recovery always works");
                        recoverySignIns++;
                        assertEquals(Optional.empty(), mfa.lockout("alice"), "a recovery sign-in lifts the lockout");
                    }
                    aliceDone = true;
                    clock.advance(Duration.ofSeconds(1));
                    continue;
                }
                // The attacker, at the maximum rate: a wrong TOTP code as soon as codes are checked again ...
                Optional<Outcome.LockedOut> lock = mfa.lockout("alice");
                if (lock.isEmpty()) {
                    LoginCheck r = mfa.verify("alice", wrong(app.codeAt(clock.instant())));
                    assertTrue(r instanceof Outcome.WrongCode || r instanceof Outcome.LockedOut, r.toString());
                    guesses[day]++;
                }
                // ... and, every time, a wrong recovery code and garbage: neither is counted nor locks anything.
                int failures = store.find("alice").orElseThrow().consecutiveFailures();
                assertEquals(new Outcome.WrongCode(0), mfa.recover("alice", "ZZZZ-ZZZZ-ZZZZ-ZZZZ"));
                assertEquals(new Outcome.Malformed(), mfa.verify("alice", "' OR 1=1 --"));
                assertEquals(failures, store.find("alice").orElseThrow().consecutiveFailures());
                // Wait for the end of the lockout (the attacker's best move), or a second if there is none.
                lock = mfa.lockout("alice");
                Duration wait = Duration.ofSeconds(1);
                if (lock.isPresent()) {
                    Outcome.LockedOut.Until until = assertInstanceOf(Outcome.LockedOut.Until.class, lock.get(),
                            "Alice signs in every day, so the hard cap (100 in a row) is never reached");
                    wait = Duration.between(clock.instant(), until.until());
                    longestLock = wait.compareTo(longestLock) > 0 ? wait : longestLock;
                }
                Instant next = clock.instant().plus(wait);
                if (!aliceDone && next.isAfter(aliceAt) && clock.instant().isBefore(aliceAt)) {
                    next = aliceAt;
                }
                clock.advance(Duration.between(clock.instant(), next));
            }
            assertTrue(aliceDone, "day " + day);
            assertTrue(guesses[day] <= 48, "day " + day + ": " + guesses[day] + " guesses");
        }
        int total = 0;
        for (int g : guesses) {
            total += g;
        }
        System.out.printf("month of attack: %d attacker guesses in %d days (max %d/day), Alice signed in %d times "
                + "with TOTP and %d with a recovery code, longest lockout %s%n", total, DAYS, max(guesses), totpSignIns,
                recoverySignIns, longestLock);
        assertEquals(DAYS, totpSignIns + recoverySignIns, "Alice got in on every day");
        assertEquals(DAYS / 2, totpSignIns, "with her app on every day she waited for a lockout's end");
        assertTrue(longestLock.compareTo(Duration.ofHours(1)) <= 0, "no lockout longer than the policy's 1 h");
        // SECURITY.md: at most 48 guesses a day (two ramps: her daily sign-in resets the count), 3 of 10^6 codes each.
        assertTrue(total <= DAYS * 48, "total " + total);
        assertTrue(events.stream().noneMatch(e -> e.detail().contains("ZZZZ")), "no code in any event");
    }

    @Test
    void withoutTheRealUserTheHardCapStopsTheAttackerAfterAboutFourDaysAndARecoveryCodeStillOpens() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test");
        Totp app = Totp.of(p.secret(), p.parameters());
        List<String> recovery = mfa.confirm("alice", app.codeAt(clock.instant())).recoveryCodes();
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
        assertEquals(new RecoveryResult.Recovered(39), mfa.recover("alice", recovery.get(0)));
        assertInstanceOf(LoginCheck.Accepted.class, mfa.verify("alice", app.codeAt(clock.instant())));
        assertTrue(events.stream().anyMatch(e -> e.type() == EnrollmentEvent.Type.RECOVERY_SIGN_IN
                && e.detail().contains("100 TOTP failures cleared")), "the host is told to warn the user");
    }

    static String wrong(String code) {
        return code.charAt(0) == '9' ? "0" + code.substring(1) : (char) (code.charAt(0) + 1) + code.substring(1);
    }

    private static int max(int[] values) {
        int m = 0;
        for (int v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
