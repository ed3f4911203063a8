package dev.kairos.mfa;

import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.InvalidAccountException;
import dev.kairos.store.SignInState;
import dev.kairos.store.tck.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.OtpAuthUri;
import dev.kairos.core.Totp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EnrollmentsLifecycleTest {

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final byte[] KEY = new byte[32];

    final MutableClock clock = new MutableClock(START);
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final List<EnrollmentEvent> events = new CopyOnWriteArrayList<>();
    final Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").clock(clock)
            .sealWith(KeyRing.of("k1", KEY)).listener(events::add).build();

    static String codeNow(PendingEnrollment p, MutableClock clock) {
        return Totp.of(p.secret(), p.parameters()).codeAt(clock.instant());
    }

    static String wrong(String code) {
        return code.charAt(0) == '9' ? "0" + code.substring(1) : (char) (code.charAt(0) + 1) + code.substring(1);
    }

    EnrollmentRecord record(String id) {
        return store.find(id).orElseThrow();
    }

    /** Both limits at once (the ramp's lockout kept from a policy with a longer maximum, or the other way). */
    @Test
    void whenTheRampAndTheBudgetBothLockTheLaterEndIsTheLockoutEitherWay() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        mfa.confirm("alice", p.handle(), codeNow(p, clock));
        clock.advance(Duration.ofSeconds(30));
        Optional<Instant> spent = Optional.of(clock.instant().plus(Duration.ofHours(24))); // the whole budget
        Instant budgetEnd = ThrottlingPolicy.defaults().budgetLockedUntil(spent).orElseThrow();
        for (Duration beyond : List.of(Duration.ofMinutes(-10), Duration.ofMinutes(10))) {
            Instant rampEnd = budgetEnd.plus(beyond);
            EnrollmentRecord r = record("alice");
            store.replaceIfVersion(r.version(), r.withSignInState(new SignInState(r.lastAcceptedStep(), 6,
                    Optional.of(rampEnd), spent, r.version() + 1)));
            Instant later = rampEnd.isAfter(budgetEnd) ? rampEnd : budgetEnd;
            assertEquals(Optional.of(new Outcome.LockedOut.Until(later)), mfa.lockout("alice"), beyond.toString());
            assertEquals(new Outcome.LockedOut.Until(later), mfa.verify("alice", codeNow(p, clock)));
        }
    }

    @Test
    void runsTheWholeLifecycleFromBeginToDisable() {
        // begin
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        assertEquals(EnrollmentStatus.PENDING, mfa.status("alice"));
        assertEquals(START.plus(Duration.ofMinutes(30)), p.expiresAt());
        assertEquals(p.secret().toManualEntryKey(), p.manualEntryKey());
        OtpAuthUri uri = p.uri();
        assertEquals(Optional.of("ACME Corp"), uri.issuer());
        assertEquals("alice@acme.test", uri.account());
        assertEquals(p.secret(), OtpAuthUri.parse(uri.toUriString()).secret());
        assertTrue(uri.toUriString().startsWith("otpauth://totp/ACME%20Corp:alice%40acme.test?secret="), uri.toUriString());
        assertEquals(new Outcome.NotEnrolled(), mfa.verify("alice", codeNow(p, clock)));

        // confirm: a wrong code first, then the right one
        clock.advance(Duration.ofSeconds(40));
        String code = codeNow(p, clock);
        assertEquals(new Outcome.WrongCode(1), mfa.confirm("alice", p.handle(), wrong(code)));
        Confirmation c = mfa.confirm("alice", p.handle(), code);
        assertTrue(c.isConfirmed());
        List<String> recovery = c.recoveryCodes();
        assertEquals(10, recovery.size());
        assertEquals(10, new HashSet<>(recovery).size());
        recovery.forEach(rc -> assertTrue(rc.matches("[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}"), rc));
        assertEquals(EnrollmentStatus.ACTIVE, mfa.status("alice"));
        assertEquals(0, record("alice").consecutiveFailures());
        // the confirming code was recorded: it cannot log in
        assertEquals(new Outcome.Replayed(), mfa.verify("alice", code));

        // verify, then the same code again is a replay
        clock.advance(Duration.ofSeconds(30));
        String login = codeNow(p, clock);
        LoginCheck ok = mfa.verify("alice", login);
        assertEquals(new LoginCheck.Accepted(record("alice").lastAcceptedStep(), 0), ok);
        assertEquals(new Outcome.Replayed(), mfa.verify("alice", login));
        assertEquals(0, record("alice").consecutiveFailures(), "a replay is not a counted failure");

        // lockout after the threshold (5), then release after 30 s
        clock.advance(Duration.ofSeconds(30));
        String next = codeNow(p, clock);
        for (int i = 1; i <= 4; i++) {
            assertEquals(new Outcome.WrongCode(i), mfa.verify("alice", wrong(next)));
        }
        Instant until = clock.instant().plusSeconds(30);
        assertEquals(new Outcome.LockedOut.Until(until), mfa.verify("alice", wrong(next)));
        EnrollmentRecord locked = record("alice");
        assertEquals(new Outcome.LockedOut.Until(until), mfa.verify("alice", next),
                "while locked, even the right code is not checked");
        assertEquals(locked, record("alice"), "a refused-while-locked code changes nothing");
        clock.advance(Duration.ofSeconds(29));
        assertInstanceOf(Outcome.LockedOut.class, mfa.verify("alice", codeNow(p, clock)));
        clock.advance(Duration.ofSeconds(1));
        // released; one more failure doubles the lockout to 60 s
        assertEquals(new Outcome.LockedOut.Until(clock.instant().plusSeconds(60)),
                mfa.verify("alice", wrong(codeNow(p, clock))));
        clock.advance(Duration.ofSeconds(60));
        assertTrue(mfa.verify("alice", codeNow(p, clock)).isAccepted(), "released after the interval");
        assertEquals(0, record("alice").consecutiveFailures(), "a success resets the counter");

        // recover: each code once, normalized input
        String rc = recovery.get(0);
        assertEquals(new RecoveryResult.Recovered(9), mfa.recover("alice", " " + rc.toLowerCase().replace("-", " ")));
        assertEquals(new Outcome.WrongCode(0), mfa.recover("alice", rc), "a used recovery code is refused, uncounted");

        // disable with a TOTP code (a recovery code works too, see below)
        clock.advance(Duration.ofSeconds(30));
        assertEquals(new DisableResult.Disabled(), mfa.disable("alice", codeNow(p, clock)));
        assertEquals(EnrollmentStatus.NOT_ENROLLED, mfa.status("alice"));
        assertEquals(Optional.empty(), store.find("alice"));

        // the audit trail: every step, each by the user, in order
        List<EnrollmentEvent.Type> kinds = new ArrayList<>();
        events.forEach(e -> kinds.add(e.type()));
        assertEquals(EnrollmentEvent.Type.BEGUN, kinds.get(0));
        assertTrue(kinds.indexOf(EnrollmentEvent.Type.CONFIRMED) < kinds.indexOf(EnrollmentEvent.Type.SIGNED_IN));
        assertTrue(kinds.contains(EnrollmentEvent.Type.LOCKED_OUT));
        assertTrue(kinds.contains(EnrollmentEvent.Type.RECOVERY_SIGN_IN));
        assertEquals(EnrollmentEvent.Type.DISABLED, kinds.get(kinds.size() - 1));
        assertTrue(events.stream().allMatch(e -> e.actor().equals("user:alice") && e.accountId().equals("alice")));
    }

    @Test
    void aRecoveryCodeDisablesMfaAndTheAccountCanEnrollAgain() {
        PendingEnrollment p = mfa.begin("bob", "bob@acme.test").pending().orElseThrow();
        List<String> codes = mfa.confirm("bob", p.handle(), codeNow(p, clock)).recoveryCodes();
        assertEquals(new Outcome.WrongCode(0), mfa.disable("bob", "2222-3333-4444-5555"));
        assertEquals(new DisableResult.Disabled(), mfa.disable("bob", codes.get(3)));
        PendingEnrollment again = mfa.begin("bob", "bob@acme.test").pending().orElseThrow();
        assertNotEquals(p.secret(), again.secret());
        assertTrue(mfa.confirm("bob", again.handle(), codeNow(again, clock)).isConfirmed());
    }

    @Test
    void aSecondBeginNeverReplacesASetUpInProgressButItsHolderCanStartOverAndNeverAnActiveOne() {
        PendingEnrollment first = mfa.begin("carol", "carol@acme.test").pending().orElseThrow();
        EnrollmentRecord pending = record("carol");
        assertEquals(new BeginResult.InProgress(first.expiresAt()), mfa.begin("carol", "carol@acme.test"),
                "a set-up in progress is not replaced by a second begin");
        assertEquals(pending, record("carol"), "nothing written");
        PendingEnrollment second = mfa.restart("carol", first.handle()).pending().orElseThrow();
        assertNotEquals(first.secret(), second.secret());
        assertEquals(new Outcome.StaleHandle(), mfa.confirm("carol", first.handle(), codeNow(first, clock)),
                "the handle of the set-up started over is stale");
        assertEquals(0, record("carol").consecutiveFailures(), "a stale handle is not a guess");
        assertEquals(new Outcome.WrongCode(1), mfa.confirm("carol", second.handle(), codeNow(first, clock)),
                "the replaced secret no longer confirms");
        assertTrue(mfa.confirm("carol", second.handle(), codeNow(second, clock)).isConfirmed());
        EnrollmentRecord active = record("carol");
        EnrollmentConflictException e = assertThrows(EnrollmentConflictException.class,
                () -> mfa.begin("carol", "carol@acme.test"));
        assertTrue(e.getMessage().contains("already has active MFA"), e.getMessage());
        assertEquals(active, record("carol"));
    }

    @Test
    void startingOverKeepsTheFailureCountSoConfirmGuessesStayThrottled() {
        PendingEnrollment p = mfa.begin("dan", "dan@acme.test").pending().orElseThrow();
        for (int i = 0; i < 3; i++) {
            p = mfa.restart("dan", p.handle()).pending().orElseThrow();
            mfa.confirm("dan", p.handle(), "000000".equals(codeNow(p, clock)) ? "111111" : "000000");
        }
        assertEquals(3, record("dan").consecutiveFailures());
    }

    @Test
    void aPendingEnrollmentOlderThanItsLifetimeIsRefused() {
        PendingEnrollment p = mfa.begin("erin", "erin@acme.test").pending().orElseThrow();
        clock.advance(Duration.ofMinutes(30));
        EnrollmentRecord before = record("erin");
        assertEquals(new Confirmation.NotPending(EnrollmentStatus.NOT_ENROLLED), mfa.confirm("erin", p.handle(), codeNow(p, clock)));
        assertEquals(before, record("erin"));
        assertEquals(EnrollmentStatus.NOT_ENROLLED, mfa.status("erin"));
        PendingEnrollment fresh = mfa.begin("erin", "erin@acme.test").pending().orElseThrow();
        assertTrue(mfa.confirm("erin", fresh.handle(), codeNow(fresh, clock)).isConfirmed());
    }

    @Test
    void theHardCapRefusesCodesUntilARecoveryCodeOrAnUnlock() {
        Enrollments strict = Enrollments.builder(store).issuer("ACME Corp").clock(clock).unsealed()
                .throttling(new ThrottlingPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(20), 6)).build();
        PendingEnrollment p = strict.begin("frank", "frank@acme.test").pending().orElseThrow();
        List<String> codes = strict.confirm("frank", p.handle(), codeNow(p, clock)).recoveryCodes();
        for (int i = 1; i <= 6; i++) {
            clock.advance(Duration.ofSeconds(31));
            LoginCheck r = strict.verify("frank", wrong(codeNow(p, clock)));
            if (i < 3) {
                assertEquals(new Outcome.WrongCode(i), r);
            } else if (i < 6) {
                assertInstanceOf(Outcome.LockedOut.class, r);
            } else {
                assertEquals(new Outcome.LockedOut.UntilUnlocked(), r, "at the hard cap: until reset/recovery");
            }
        }
        clock.advance(Duration.ofDays(1));
        assertEquals(new Outcome.LockedOut.UntilUnlocked(), strict.verify("frank", codeNow(p, clock)),
                "the hard cap does not expire");
        // a recovery code is still checked, a wrong one is not counted and locks nothing, a right one lifts the cap
        for (int i = 0; i < 50; i++) {
            assertEquals(new Outcome.WrongCode(6), strict.recover("frank", "2222-3333-4444-5555"),
                    "not counted: the answer reports the count as it stands");
        }
        assertEquals(new RecoveryResult.Recovered(9), strict.recover("frank", codes.get(0)));
        assertTrue(strict.verify("frank", codeNow(p, clock)).isAccepted());

        // support staff can unlock too
        for (int i = 1; i <= 6; i++) {
            clock.advance(Duration.ofSeconds(31));
            strict.verify("frank", wrong(codeNow(p, clock)));
        }
        assertEquals(new Outcome.LockedOut.UntilUnlocked(), strict.verify("frank", codeNow(p, clock)));
        assertTrue(strict.unlock("frank", "admin"));
        assertTrue(strict.verify("frank", codeNow(p, clock)).isAccepted());
        assertFalse(strict.unlock("nobody", "admin"));
    }

    @Test
    void resetRemovesAnyEnrollmentAndIsAudited() {
        PendingEnrollment p = mfa.begin("grace", "grace@acme.test").pending().orElseThrow();
        mfa.confirm("grace", p.handle(), codeNow(p, clock));
        assertTrue(mfa.reset("grace", "admin"));
        assertFalse(mfa.reset("grace", "admin"));
        assertEquals(EnrollmentStatus.NOT_ENROLLED, mfa.status("grace"));
        assertTrue(events.stream().anyMatch(e -> e.type() == EnrollmentEvent.Type.RESET && e.accountId().equals("grace")
                && e.actor().equals("admin:admin")));
    }

    @Test
    void aFailingListenerDoesNotFailTheOperation() {
        Enrollments noisy = Enrollments.builder(store).issuer("ACME Corp").clock(clock).unsealed()
                .listener(e -> {
                    throw new IllegalStateException("audit log down");
                }).build();
        PendingEnrollment p = noisy.begin("heidi", "heidi@acme.test").pending().orElseThrow();
        assertTrue(noisy.confirm("heidi", p.handle(), codeNow(p, clock)).isConfirmed());
    }

    @Test
    void theBuilderMakesTheHostChooseSealingExplicitly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Enrollments.builder(store).issuer("ACME Corp").build());
        assertTrue(e.getMessage().contains("sealWith(KeyRing)") && e.getMessage().contains("unsealed()"),
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> Enrollments.builder(store).unsealed().build(),
                "the issuer is required too");
        assertThrows(IllegalStateException.class,
                () -> Enrollments.builder(store).unsealed().sealWith(KeyRing.of("k", KEY)));
        assertThrows(IllegalStateException.class,
                () -> Enrollments.builder(store).sealWith(KeyRing.of("k", KEY)).unsealed());
        assertThrows(IllegalArgumentException.class, () -> Enrollments.builder(store).recoveryCodeCount(7));
        assertThrows(InvalidAccountException.class, () -> Enrollments.builder(store).issuer("ACME:Corp"));
        assertThrows(IllegalArgumentException.class, () -> KeyRing.of("k", new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> KeyRing.of("bad id", KEY));
        assertThrows(IllegalArgumentException.class, () -> Enrollments.builder(store)
                .parameters(new dev.kairos.core.TotpParameters(dev.kairos.core.HmacAlgorithm.SHA1, 6,
                        Duration.ofSeconds(30), Instant.ofEpochSecond(60))));
    }

    @Test
    void recoveryCodesHaveAtLeastSixtyFourBitsAndAreStoredOnlyAsSaltedHashes() {
        // NIST SP 800-63B §5.1.2.2: look-up secrets of 64 bits or more need no rate limiting.
        assertTrue(RecoveryCodes.LENGTH * Math.log(RecoveryCodes.ALPHABET.length()) / Math.log(2) >= 64);
        for (char c : "0O1IL".toCharArray()) {
            assertEquals(-1, RecoveryCodes.ALPHABET.indexOf(c));
        }
        PendingEnrollment p = mfa.begin("ivan", "ivan@acme.test").pending().orElseThrow();
        List<String> codes = mfa.confirm("ivan", p.handle(), codeNow(p, clock)).recoveryCodes();
        EnrollmentRecord r = record("ivan");
        for (int i = 0; i < codes.size(); i++) {
            String encoded = r.recoveryCodes().get(i).encoded();
            assertTrue(encoded.startsWith("pbkdf2-sha256-set$4096$"), encoded);
            assertFalse(encoded.contains(codes.get(i)) || encoded.contains(codes.get(i).replace("-", "")));
        }
        assertEquals(r.recoveryCodes().size(), new HashSet<>(r.recoveryCodes()).size(), "distinct hashes");
        String salt = r.recoveryCodes().get(0).encoded().split("\\$")[2];
        assertTrue(r.recoveryCodes().stream().allMatch(h -> h.encoded().split("\\$")[2].equals(salt)),
                "one salt per set: one key derivation per attempt");
    }
}
