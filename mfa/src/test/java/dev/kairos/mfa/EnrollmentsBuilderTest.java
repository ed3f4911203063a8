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

import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The service's configuration: the builder's documented ranges, what a built service uses, and descriptions. */
class EnrollmentsBuilderTest {

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").clock(clock)
            .sealWith(KeyRing.of("k1", new byte[32])).build();

    private String code(PendingEnrollment p) {
        return Totp.of(p.secret(), p.parameters()).codeAt(clock.instant());
    }

    @Test
    void theBuilderAcceptsExactlyItsDocumentedRanges() {
        Enrollments.Builder b = Enrollments.builder(store).issuer("ACME Corp").unsealed();
        b.recoveryCodeCount(8).recoveryCodeCount(EnrollmentRecord.MAX_RECOVERY_CODES);
        assertThrows(IllegalArgumentException.class, () -> b.recoveryCodeCount(7));
        assertThrows(IllegalArgumentException.class, () -> b.recoveryCodeCount(EnrollmentRecord.MAX_RECOVERY_CODES + 1));
        b.pendingLifetime(Duration.ofMinutes(1)).pendingLifetime(Duration.ofDays(7));
        assertThrows(IllegalArgumentException.class, () -> b.pendingLifetime(Duration.ofSeconds(59)));
        assertThrows(IllegalArgumentException.class, () -> b.pendingLifetime(Duration.ofDays(7).plusSeconds(1)));
        b.maxAttempts(1).maxAttempts(1000);
        assertThrows(IllegalArgumentException.class, () -> b.maxAttempts(0));
        assertThrows(IllegalArgumentException.class, () -> b.maxAttempts(1001));
        assertTrue(b.window(dev.kairos.core.SkewWindow.of(1, 1)) == b);
        assertTrue(b.parameters(TotpParameters.defaults()) == b);
    }

    @Test
    void theBuiltServiceUsesTheRecoveryCodeCountAndPendingLifetimeItWasGiven() {
        Enrollments custom = Enrollments.builder(store).issuer("ACME Corp").unsealed().clock(clock)
                .recoveryCodeCount(8).pendingLifetime(Duration.ofMinutes(1)).build();
        PendingEnrollment p = custom.begin("alice", "alice@acme.test").pending().orElseThrow();
        assertEquals(START.plus(Duration.ofMinutes(1)), p.expiresAt());
        assertEquals(8, custom.confirm("alice", p.handle(), code(p)).recoveryCodes().size());
    }

    @Test
    void resultsTellWhetherTheyAreTheSuccessfulCase() {
        assertTrue(new DisableResult.Disabled().succeeded());
        assertTrue(new RecoveryResult.Recovered(0).succeeded());
        assertTrue(new LoginCheck.Accepted(1, 0).isAccepted());
        assertTrue(new Confirmation.Confirmed(List.of()).isConfirmed());
        assertTrue(new RegenerationResult.Regenerated(List.of()).succeeded());
        PendingEnrollment p = new PendingEnrollment("a", "a", "ACME", Secret.generate(),
                TotpParameters.defaults(), START, "handle");
        assertTrue(new BeginResult.Begun(p).succeeded());
        assertEquals(Optional.of(p), new BeginResult.Begun(p).pending());
        for (Outcome refusal : List.<Outcome>of(new Outcome.Malformed(), new Outcome.WrongCode(1), new Outcome.Replayed(),
                new Outcome.NotEnrolled(), new Outcome.LockedOut.UntilUnlocked(), new Outcome.LockedOut.Until(START),
                new Confirmation.NotPending(EnrollmentStatus.ACTIVE), new Outcome.StaleHandle(),
                new BeginResult.InProgress(START), new BeginResult.TicketRequired(), new BeginResult.TicketRefused())) {
            assertFalse(refusal.succeeded(), refusal.toString());
        }
    }

    @Test
    void lockoutsStartAtTheThresholdAndDoubleUpToTheMaximum() {
        ThrottlingPolicy policy = ThrottlingPolicy.defaults();
        assertEquals(Optional.empty(), policy.lockoutAfter(4));
        assertEquals(Optional.of(Duration.ofSeconds(30)), policy.lockoutAfter(5));
        assertEquals(Optional.of(Duration.ofSeconds(60)), policy.lockoutAfter(6));
        assertEquals(Optional.of(Duration.ofSeconds(1920)), policy.lockoutAfter(11));
        assertEquals(Optional.of(Duration.ofHours(1)), policy.lockoutAfter(12));
        assertEquals(Optional.of(Duration.ofHours(1)), policy.lockoutAfter(99));
    }

    @Test
    void theGuessBudgetIsFortyEightADayByDefaultAndNeverWaitsLongerThanTheLongestLockout() {
        ThrottlingPolicy policy = ThrottlingPolicy.defaults();
        assertEquals(48, policy.guessesPerDay());
        assertEquals(Duration.ofHours(1), policy.guessInterval());
        // the 4-argument constructor: 48, or more when maxLockout is under 1 h
        assertEquals(48, new ThrottlingPolicy(5, Duration.ofSeconds(1), Duration.ofDays(1), 100).guessesPerDay());
        ThrottlingPolicy quick = new ThrottlingPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(20), 100);
        assertEquals(144, quick.guessesPerDay());
        assertEquals(Duration.ofMinutes(20), quick.guessInterval());
        assertEquals(Duration.ofMinutes(20), new ThrottlingPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(20),
                100, 144).guessInterval());
        assertEquals(Duration.ofHours(12), new ThrottlingPolicy(5, Duration.ofSeconds(1), Duration.ofDays(1), 100, 4)
                .guessInterval());
        // odd, too few for maxLockout (waiting would exceed it), too many: refused with the range in the message
        for (int bad : new int[] {47, 46, 0, -2, ThrottlingPolicy.MAX_GUESSES_PER_DAY + 2}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ThrottlingPolicy(5, Duration.ofSeconds(30), Duration.ofHours(1), 100, bad));
            assertTrue(e.getMessage().contains("guessesPerDay must be even and from 48"), e.getMessage());
        }
        assertEquals(ThrottlingPolicy.MAX_GUESSES_PER_DAY, new ThrottlingPolicy(5, Duration.ofSeconds(1),
                Duration.ofSeconds(1), 100).guessesPerDay(), "one-second lockouts: the largest budget");
        // GCRA: a whole budget locks nothing; each guess moves it one interval later, from now at the earliest
        Instant now = START;
        assertEquals(now.plus(Duration.ofHours(1)), policy.budgetAfterGuess(Optional.empty(), now));
        assertEquals(now.plus(Duration.ofHours(1)), policy.budgetAfterGuess(Optional.of(now.minusSeconds(5)), now));
        assertEquals(now.plus(Duration.ofHours(6)), policy.budgetAfterGuess(Optional.of(now.plus(Duration.ofHours(5))),
                now));
        assertEquals(Optional.of(now.plus(Duration.ofHours(1))),
                policy.budgetLockedUntil(Optional.of(now.plus(Duration.ofHours(24)))), "24 spent ahead: 1 h to wait");
        assertEquals(Optional.empty(), policy.budgetLockedUntil(Optional.empty()));
    }

    @Test
    void aLabelWithAColonAnywhereEvenFirstIsRefusedAndANullIssuerIsAnInvalidAccount() {
        assertThrows(InvalidAccountException.class, () -> EnrollmentRecord.checkLabel(":alice"));
        assertThrows(InvalidAccountException.class, () -> EnrollmentRecord.checkLabel("al:ice"));
        assertThrows(InvalidAccountException.class, () -> Enrollments.builder(store).issuer(null));
    }

    @Test
    void anIssuerHasAtMost256CharactersAndFollowsTheOtpAuthRulesEachRefusalSayingWhy() {
        assertTrue(Enrollments.builder(store).issuer("A".repeat(256)).unsealed().build().toString()
                .contains("A".repeat(256)));
        assertThrows(InvalidAccountException.class, () -> Enrollments.builder(store).issuer("A".repeat(257)));
        // 129 emoji are 129 code points (the URI's limit is 256) but 258 UTF-16 characters (the record's is 256)
        String emoji = "\uD83D\uDE00";
        Enrollments.builder(store).issuer(emoji.repeat(128));
        InvalidAccountException tooLong = assertThrows(InvalidAccountException.class,
                () -> Enrollments.builder(store).issuer(emoji.repeat(129)));
        assertTrue(tooLong.getMessage().contains("258 characters long"), tooLong.getMessage());
        assertFalse(tooLong.getMessage().contains(emoji), "the text is not repeated");
        InvalidAccountException colon = assertThrows(InvalidAccountException.class,
                () -> Enrollments.builder(store).issuer("ACME:Corp"));
        assertTrue(colon.getMessage().startsWith("issuer breaks the otpauth:// rules"), colon.getMessage());
    }

    @Test
    void aKeyRingRefusesASecondKeyWithAnIdItAlreadyHas() {
        KeyRing ring = KeyRing.of("k1", new byte[32]);
        assertThrows(IllegalArgumentException.class, () -> ring.withRetiredKey("k1", new byte[32]));
        assertTrue(ring.withRetiredKey("k0", new byte[32]).toString().contains("k0"));
    }

    @Test
    void descriptionsSayWhetherSomethingIsSealedOrUsed() {
        assertTrue(new SealedSecret("", new byte[] {0, 1}).toString().contains("(unsealed)"));
        assertTrue(new SealedSecret("k1", new byte[] {0, 1}).toString().contains("keyId=k1"));
        RecoveryCodeHash hash = RecoveryCodes.hashSet(List.of("K7QF2MZDXR4P")).get(0);
        assertEquals("RecoveryCodeHash[unused]", hash.toString());
        assertEquals("RecoveryCodeHash[used]", hash.markUsed().toString());
        assertTrue(mfa.toString().contains("sealed with KeyRing"), mfa.toString());
        assertTrue(Enrollments.builder(store).issuer("ACME Corp").unsealed().build().toString().contains("unsealed"));
    }

    @Test
    void descriptionsNameTheirPartsAndNeverAKeyOrCode() {
        String text = mfa.toString();
        assertTrue(text.startsWith("Enrollments[issuer=ACME Corp"), text);
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        assertFalse(p.toString().isEmpty());
        assertFalse(p.toString().contains(p.secret().toBase32()));
        assertFalse(store.toString().isEmpty());
        assertFalse(KeyRing.of("k1", new byte[32]).toString().isEmpty());
        assertTrue(KeyRing.of("k1", new byte[32]).toString().contains("k1"));
        assertFalse(store.find("alice").orElseThrow().toString().isEmpty());
        Confirmation c = mfa.confirm("alice", p.handle(), code(p));
        assertFalse(c.toString().isEmpty());
        for (String rc : c.recoveryCodes()) {
            assertFalse(c.toString().contains(rc));
        }
    }
    @Test
    void aPendingEnrollmentIsValidUntilTheLastSecondBeforeItExpires() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        clock.advance(Duration.ofMinutes(30).minusSeconds(1));
        assertTrue(mfa.confirm("alice", p.handle(), code(p)).isConfirmed());
    }
}
