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
import dev.kairos.mfa.EnrollmentEvent.CodeRefused;
import dev.kairos.mfa.EnrollmentEvent.Operation;
import dev.kairos.mfa.EnrollmentEvent.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Behaviour PIT showed no other test pinned down (docs/mutation-testing.md): the event each refusal reports to the
 * listener, the limits of the builder, key ids and recovery-code input at their edges, and the descriptions.
 */
class StoreMutationGapsTest {

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final List<EnrollmentEvent> events = new CopyOnWriteArrayList<>();
    final Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").clock(clock)
            .sealWith(KeyRing.of("k1", new byte[32])).listener(events::add).build();

    private EnrollmentEvent last() {
        return events.get(events.size() - 1);
    }

    private CodeRefused refused(Operation operation, Refusal refusal, int failures) {
        return new CodeRefused("alice", clock.instant(), operation, refusal, failures);
    }

    private String code(PendingEnrollment p) {
        return Totp.of(p.secret(), p.parameters()).codeAt(clock.instant());
    }

    private static String wrong(String code) {
        return code.charAt(0) == '9' ? "0" + code.substring(1) : (char) (code.charAt(0) + 1) + code.substring(1);
    }

    /** Alice enrolled and confirmed; returns her recovery codes. */
    private List<String> activeAlice(PendingEnrollment p) {
        return mfa.confirm("alice", code(p)).recoveryCodes();
    }

    // --- every refusal is reported as a CodeRefused event ---------------------------------------------------

    @Test
    void everyOperationOnAnAccountWithoutMfaReportsNotEnrolled() {
        mfa.verify("alice", "123456");
        assertEquals(refused(Operation.LOGIN, Refusal.NOT_ENROLLED, 0), last());
        mfa.confirm("alice", "123456");
        assertEquals(refused(Operation.CONFIRM, Refusal.NOT_ENROLLED, 0), last());
        mfa.recover("alice", "AAAA-BBBB-CCCC");
        assertEquals(refused(Operation.RECOVERY, Refusal.NOT_ENROLLED, 0), last());
        mfa.disable("alice", "123456");
        assertEquals(refused(Operation.DISABLE, Refusal.NOT_ENROLLED, 0), last());
        assertEquals(4, events.size());
    }

    @Test
    void aPendingEnrollmentReportsMalformedAndExpiredConfirmations() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test");
        assertEquals(new Confirmation.Malformed(), mfa.confirm("alice", "12 456"));
        assertEquals(refused(Operation.CONFIRM, Refusal.MALFORMED, 0), last());
        mfa.verify("alice", code(p));
        assertEquals(refused(Operation.LOGIN, Refusal.NOT_ENROLLED, 0), last());
        clock.advance(Duration.ofMinutes(30));
        assertTrue(mfa.confirm("alice", code(p)) instanceof Confirmation.Expired);
        assertEquals(refused(Operation.CONFIRM, Refusal.EXPIRED, 0), last());
    }

    @Test
    void aPendingEnrollmentIsValidUntilTheLastSecondBeforeItExpires() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test");
        clock.advance(Duration.ofMinutes(30).minusSeconds(1));
        assertTrue(mfa.confirm("alice", code(p)).isConfirmed());
    }

    @Test
    void aConfirmedAccountReportsMalformedReplayedAndWrongLogins() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test");
        String confirming = code(p);
        activeAlice(p);
        mfa.confirm("alice", confirming);
        assertEquals(refused(Operation.CONFIRM, Refusal.NOT_ENROLLED, 0), last());

        assertEquals(new LoginCheck.Malformed(), mfa.verify("alice", "abcdef"));
        assertEquals(refused(Operation.LOGIN, Refusal.MALFORMED, 0), last());
        assertEquals(new LoginCheck.Replayed(), mfa.verify("alice", confirming));
        assertEquals(refused(Operation.LOGIN, Refusal.REPLAYED, 0), last());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(new LoginCheck.WrongCode(1), mfa.verify("alice", wrong(code(p))));
        assertEquals(refused(Operation.LOGIN, Refusal.WRONG_CODE, 1), last());
    }

    @Test
    void theFifthWrongLoginLocksOutAndTheNextLoginIsRefusedAsLockedOut() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test");
        activeAlice(p);
        clock.advance(Duration.ofSeconds(30));
        for (int i = 1; i <= 4; i++) {
            assertEquals(new LoginCheck.WrongCode(i), mfa.verify("alice", wrong(code(p))));
        }
        LoginCheck fifth = mfa.verify("alice", wrong(code(p)));
        Instant until = clock.instant().plusSeconds(30);
        assertEquals(new LoginCheck.LockedOut(Optional.of(until)), fifth);
        assertEquals(new EnrollmentEvent.LockedOut("alice", clock.instant(), Optional.of(until), 5), last());
        assertEquals(refused(Operation.LOGIN, Refusal.WRONG_CODE, 5), events.get(events.size() - 2));

        assertEquals(new LoginCheck.LockedOut(Optional.of(until)), mfa.verify("alice", code(p)));
        assertEquals(refused(Operation.LOGIN, Refusal.LOCKED_OUT, 5), last());
        assertTrue(mfa.recover("alice", "AAAA-BBBB-CCCC") instanceof RecoveryResult.LockedOut);
        assertEquals(refused(Operation.RECOVERY, Refusal.LOCKED_OUT, 5), last());
        assertTrue(mfa.disable("alice", "AAAA-BBBB-CCCC") instanceof DisableResult.LockedOut);
        assertEquals(refused(Operation.DISABLE, Refusal.LOCKED_OUT, 5), last());

        // at the lockout's end the account takes codes again
        clock.advance(Duration.between(clock.instant(), until));
        assertTrue(mfa.verify("alice", code(p)) instanceof LoginCheck.Accepted);
    }

    @Test
    void malformedRecoveryAndDisableCodesAreReportedAsMalformed() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test");
        activeAlice(p);
        assertEquals(new RecoveryResult.Malformed(), mfa.recover("alice", "not a code!"));
        assertEquals(refused(Operation.RECOVERY, Refusal.MALFORMED, 0), last());
        assertEquals(new DisableResult.Malformed(), mfa.disable("alice", "12345!"));
        assertEquals(refused(Operation.DISABLE, Refusal.MALFORMED, 0), last());
    }

    @Test
    void unlockAndResetReportTheirEventsAndSayWhetherThereWasAnAccount() {
        assertFalse(mfa.unlock("alice"));
        assertFalse(mfa.reset("alice"));
        assertTrue(events.isEmpty());
        mfa.begin("alice", "alice@acme.test");
        assertTrue(mfa.unlock("alice"));
        assertEquals(new EnrollmentEvent.Unlocked("alice", clock.instant()), last());
        assertTrue(mfa.reset("alice"));
        assertEquals(new EnrollmentEvent.Reset("alice", clock.instant()), last());
        assertEquals(EnrollmentStatus.NOT_ENROLLED, mfa.status("alice"));
    }

    // --- recovery codes at their edges ----------------------------------------------------------------------

    @Test
    void aRecoveryCodeIsTwelveSymbolsOfItsAlphabetWithAtMostSixtyFourCharactersTyped() {
        String code = "K7QF2MZDXR4P";
        assertEquals(Optional.of(code), RecoveryCodes.normalize(code));
        assertEquals(Optional.of(code), RecoveryCodes.normalize("k7qf-2mzd-xr4p"));
        String padded = " ".repeat(64 - code.length()) + code;
        assertEquals(Optional.of(code), RecoveryCodes.normalize(padded));
        assertEquals(Optional.empty(), RecoveryCodes.normalize(" " + padded));
        assertEquals(Optional.empty(), RecoveryCodes.normalize(code + "A"));
        assertEquals(Optional.empty(), RecoveryCodes.normalize(code.substring(1)));
        assertEquals(Optional.empty(), RecoveryCodes.normalize(null));
        assertEquals(Optional.empty(), RecoveryCodes.normalize("K7QF2MZDXR4{"));
    }

    @Test
    void aStoredRecoveryHashMatchesOnlyItsCodeAndOnlyInItsOwnFormat() {
        RecoveryCodeHash hash = RecoveryCodes.hash("K7QF2MZDXR4P");
        assertTrue(RecoveryCodes.matches("K7QF2MZDXR4P", hash));
        assertFalse(RecoveryCodes.matches("K7QF2MZDXR4Q", hash));
        String[] parts = hash.encoded().split("\\$");
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals(String.valueOf(RecoveryCodes.ITERATIONS), parts[1]);
        assertNotEquals(RecoveryCodes.hash("K7QF2MZDXR4P").encoded(), hash.encoded(), "a fresh salt each time");
        for (String bad : new String[] {"other$4096$" + parts[2] + "$" + parts[3],
                parts[0] + "$0$" + parts[2] + "$" + parts[3], parts[0] + "$10000001$" + parts[2] + "$" + parts[3],
                parts[0] + "$4096$" + parts[2], parts[0] + "$4096$" + parts[2] + "$" + parts[3] + "$x",
                parts[0] + "$x$" + parts[2] + "$" + parts[3]}) {
            assertFalse(RecoveryCodes.matches("K7QF2MZDXR4P", new RecoveryCodeHash(bad, false)), bad);
        }
        String oneIteration = parts[0] + "$1$" + parts[2] + "$" + parts[3];
        assertFalse(RecoveryCodes.matches("K7QF2MZDXR4P", new RecoveryCodeHash(oneIteration, false)));
    }

    // --- key ids, sealed secrets and the builder's limits ---------------------------------------------------

    @Test
    void aKeyIdIsOneToSixtyFourCharactersOfLettersDigitsDotUnderscoreAndDash() {
        for (String ok : new String[] {"a", "z", "A", "Z", "0", "9", ".", "_", "-", "x".repeat(64)}) {
            assertEquals(ok, SealedSecret.checkKeyId(ok));
        }
        for (String bad : new String[] {"", "x".repeat(65), "a b", "a/b", "a@", "[", "`", "{", ":", "é"}) {
            assertThrows(IllegalArgumentException.class, () -> SealedSecret.checkKeyId(bad), bad);
        }
        String message = assertThrows(IllegalArgumentException.class, () -> SealedSecret.checkKeyId("ab/c"))
                .getMessage();
        assertTrue(message.contains("position 3"), message);
    }

    @Test
    void sealedSecretsAreEqualByKeyIdAndBlobContentAndHashAlike() {
        SealedSecret a = new SealedSecret("k1", new byte[] {1, 2, 3});
        SealedSecret same = new SealedSecret("k1", new byte[] {1, 2, 3});
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        assertNotEquals(a, new SealedSecret("k1", new byte[] {1, 2, 4}));
        assertNotEquals(a, new SealedSecret("k2", new byte[] {1, 2, 3}));
        assertNotEquals(a.hashCode(), new SealedSecret("k2", new byte[] {1, 2, 3, 4}).hashCode());
        assertFalse(a.toString().isEmpty());
        assertFalse(a.toString().contains("[1, 2, 3]"));
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
        assertTrue(b.parameters(dev.kairos.core.TotpParameters.defaults()) == b);
    }

    @Test
    void theBuiltServiceUsesTheRecoveryCodeCountAndPendingLifetimeItWasGiven() {
        Enrollments custom = Enrollments.builder(store).issuer("ACME Corp").unsealed().clock(clock)
                .recoveryCodeCount(8).pendingLifetime(Duration.ofMinutes(1)).build();
        PendingEnrollment p = custom.begin("alice", "alice@acme.test");
        assertEquals(START.plus(Duration.ofMinutes(1)), p.expiresAt());
        assertEquals(8, custom.confirm("alice", code(p)).recoveryCodes().size());
    }

    @Test
    void resultsTellWhetherTheyAreTheSuccessfulCase() {
        assertTrue(new DisableResult.Disabled().isDisabled());
        assertFalse(new DisableResult.Malformed().isDisabled());
        assertFalse(new DisableResult.WrongCode(1).isDisabled());
        assertFalse(new Confirmation.WrongCode(1).isConfirmed());
        assertFalse(new Confirmation.Malformed().isConfirmed());
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
    void anAccountIdOrLabelMayHaveUpTo256Characters() {
        String longest = "a".repeat(EnrollmentRecord.MAX_ACCOUNT_LENGTH);
        assertEquals(longest, EnrollmentRecord.checkLabel(longest));
        assertEquals(longest, EnrollmentRecord.checkAccountId(longest));
        assertThrows(InvalidAccountException.class, () -> EnrollmentRecord.checkLabel(longest + "a"));
        String message = assertThrows(InvalidAccountException.class, () -> EnrollmentRecord.checkLabel("ab\u0001"))
                .getMessage();
        assertTrue(message.contains("position 3"), message);
    }

    @Test
    void aLabelWithAColonAnywhereEvenFirstIsRefusedAndANullIssuerIsAnInvalidAccount() {
        assertThrows(InvalidAccountException.class, () -> EnrollmentRecord.checkLabel(":alice"));
        assertThrows(InvalidAccountException.class, () -> EnrollmentRecord.checkLabel("al:ice"));
        assertThrows(InvalidAccountException.class, () -> Enrollments.builder(store).issuer(null));
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
        RecoveryCodeHash hash = RecoveryCodes.hash("K7QF2MZDXR4P");
        assertEquals("RecoveryCodeHash[unused]", hash.toString());
        assertEquals("RecoveryCodeHash[used]", hash.markUsed().toString());
        assertTrue(mfa.toString().contains("sealed with KeyRing"), mfa.toString());
        assertTrue(Enrollments.builder(store).issuer("ACME Corp").unsealed().build().toString().contains("unsealed"));
    }

    @Test
    void descriptionsNameTheirPartsAndNeverAKeyOrCode() {
        String text = mfa.toString();
        assertTrue(text.startsWith("Enrollments[issuer=ACME Corp"), text);
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test");
        assertFalse(p.toString().isEmpty());
        assertFalse(p.toString().contains(p.secret().toBase32()));
        assertFalse(store.toString().isEmpty());
        assertFalse(KeyRing.of("k1", new byte[32]).toString().isEmpty());
        assertTrue(KeyRing.of("k1", new byte[32]).toString().contains("k1"));
        assertFalse(store.find("alice").orElseThrow().toString().isEmpty());
        Confirmation c = mfa.confirm("alice", code(p));
        assertFalse(c.toString().isEmpty());
        for (String rc : c.recoveryCodes()) {
            assertFalse(c.toString().contains(rc));
        }
    }
}
