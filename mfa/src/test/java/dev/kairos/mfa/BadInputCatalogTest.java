package dev.kairos.mfa;

import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.SealedSecret;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.InvalidAccountException;
import dev.kairos.store.tck.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every kind of bad input gets a clear result or exception and leaves the stored record as it was; and no
 * secret, sealed blob, key or recovery code appears in any toString or exception message.
 */
class BadInputCatalogTest {

    static final byte[] K1 = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    static final byte[] K2 = HexFormat.of().parseHex("f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f");

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final List<EnrollmentEvent> events = new CopyOnWriteArrayList<>();
    final Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").clock(clock)
            .sealWith(KeyRing.of("k1", K1)).listener(events::add).build();
    /** Every text the library produced in this test: toStrings and exception messages. */
    final List<String> texts = new ArrayList<>();

    PendingEnrollment alice;
    List<String> recoveryCodes;

    @BeforeEach
    void enrollAlice() {
        alice = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        Confirmation c = mfa.confirm("alice", alice.handle(), code(alice));
        recoveryCodes = c.recoveryCodes();
        texts.add(alice.toString());
        texts.add(c.toString());
        clock.advance(Duration.ofSeconds(30));
    }

    String code(PendingEnrollment p) {
        return Totp.of(p.secret(), p.parameters()).codeAt(clock.instant());
    }

    EnrollmentRecord aliceRecord() {
        return store.find("alice").orElseThrow();
    }

    /** Runs an operation and asserts it left alice's record exactly as it was. */
    <T> T unchanged(Supplier<T> op) {
        EnrollmentRecord before = aliceRecord();
        T result = op.get();
        assertEquals(before, aliceRecord(), "the stored record changed");
        texts.add(String.valueOf(result));
        return result;
    }

    <E extends Throwable> E throwsUnchanged(Class<E> type, Executable op) {
        EnrollmentRecord before = store.find("alice").orElse(null);
        E e = assertThrows(type, op);
        assertEquals(before, store.find("alice").orElse(null), "the stored record changed");
        texts.add(e.getMessage());
        return e;
    }

    static final List<String> BAD_ACCOUNT_IDS = List.of("", " ", "\t", " alice", "alice ", "al\u0000ice",
            "al\nice", "a".repeat(EnrollmentRecord.MAX_ACCOUNT_LENGTH + 1));

    @Test
    void invalidAccountIdsAreRefusedByEveryOperationWithAClearMessage() {
        List<String> ids = new ArrayList<>(BAD_ACCOUNT_IDS);
        ids.add(null);
        for (String id : ids) {
            List<Executable> ops = List.of(() -> mfa.begin(id, "x@acme.test"), () -> mfa.confirm(id, "handle", "123456"),
                    () -> mfa.verify(id, "123456"), () -> mfa.recover(id, "2222-3333-4444"),
                    () -> mfa.disable(id, "123456"), () -> mfa.reset(id, "admin"), () -> mfa.unlock(id, "admin"),
                    () -> mfa.status(id));
            for (Executable op : ops) {
                InvalidAccountException e = throwsUnchanged(InvalidAccountException.class, op);
                assertTrue(e.getMessage().startsWith("account id"), e.getMessage());
            }
        }
        assertTrue(throwsUnchanged(InvalidAccountException.class, () -> mfa.begin("bob", "a".repeat(257)))
                .getMessage().contains("at most 256"));
        assertTrue(throwsUnchanged(InvalidAccountException.class, () -> mfa.begin("bob", "bob:acme"))
                .getMessage().contains("':'"));
        throwsUnchanged(InvalidAccountException.class, () -> mfa.begin("bob", null));
        assertEquals(Optional.empty(), store.find("bob"));
    }

    /**
     * Digits of one script with single spaces or hyphens between them are codes ("123 456", "١٢٣٤٥٦"), white space
     * around them forgiven; mixed scripts, separators at an end or doubled, and anything else are not.
     */
    static final List<String> MALFORMED_CODES = Arrays.asList(null, "", "12345", "1234567", "12a456", " -123456",
            "123456- ", "123--456", "123  456", "-123456", "123456-", "١٢٣۴۵۶", "123４５６", "१२३456", "١٢٣٤٥",
            "-12345", "+12345", "123\u00a0456", "1".repeat(11), "1".repeat(10_000));

    @Test
    void malformedCodesAreARefusalNeverAnExceptionAndAreNotCounted() {
        for (String c : MALFORMED_CODES) {
            assertEquals(new Outcome.Malformed(), unchanged(() -> mfa.verify("alice", c)), String.valueOf(c));
            assertEquals(new Outcome.Malformed(), unchanged(() -> mfa.disable("alice", c)), String.valueOf(c));
        }
        PendingEnrollment bob = mfa.begin("bob", "bob@acme.test").pending().orElseThrow();
        EnrollmentRecord pending = store.find("bob").orElseThrow();
        for (String c : MALFORMED_CODES) {
            assertEquals(new Outcome.Malformed(), mfa.confirm("bob", bob.handle(), c));
        }
        assertEquals(pending, store.find("bob").orElseThrow());
        assertTrue(mfa.confirm("bob", bob.handle(), code(bob)).isConfirmed());
    }

    static final List<String> MALFORMED_RECOVERY_CODES = Arrays.asList(null, "", "ABCD-EFGH-JKM",
            "ABCD-EFGH-JKMNP", "0000-0000-0000", "OOOO-IIII-LLLL", "ABCD_EFGH_JKMN", "ABCD/EFGH/JKMN",
            "ÄBCD-EFGH-JKMN", "A".repeat(1000));

    @Test
    void malformedRecoveryCodesAreARefusalAndAreNotCounted() {
        for (String c : MALFORMED_RECOVERY_CODES) {
            assertEquals(new Outcome.Malformed(), unchanged(() -> mfa.recover("alice", c)), String.valueOf(c));
            if (c != null && !c.isEmpty()) {
                assertEquals(new Outcome.Malformed(), unchanged(() -> mfa.disable("alice", c)), c);
            }
        }
        // well formed in any case and spacing, but wrong: refused, not counted (79-bit codes need no throttle)
        assertEquals(new Outcome.WrongCode(0), unchanged(() -> mfa.recover("alice", "abcd efgh jkmn pqrs")));
    }

    @Test
    void unknownAccountsAndMissingEnrollmentsAreResultsThatWriteNothing() {
        assertEquals(new Outcome.NotEnrolled(), mfa.verify("nobody", "123456"));
        assertEquals(new Outcome.NotEnrolled(), mfa.recover("nobody", recoveryCodes.get(0)));
        assertEquals(new Outcome.NotEnrolled(), mfa.disable("nobody", "123456"));
        assertEquals(new Confirmation.NotPending(EnrollmentStatus.NOT_ENROLLED), mfa.confirm("nobody", alice.handle(), "123456"),
                "confirm without begin");
        assertEquals(EnrollmentStatus.NOT_ENROLLED, mfa.status("nobody"));
        assertFalse(mfa.reset("nobody", "admin"));
        assertEquals(Optional.empty(), store.find("nobody"));
        assertEquals(new Confirmation.NotPending(EnrollmentStatus.ACTIVE),
                unchanged(() -> mfa.confirm("alice", alice.handle(), code(alice))), "confirm on an active enrollment");
        throwsUnchanged(EnrollmentConflictException.class, () -> mfa.begin("alice", "alice@acme.test"));
        // a pending enrollment is not enrolled yet for login, recovery and disable
        mfa.begin("carol", "carol@acme.test");
        EnrollmentRecord pending = store.find("carol").orElseThrow();
        assertEquals(new Outcome.NotEnrolled(), mfa.verify("carol", "123456"));
        assertEquals(new Outcome.NotEnrolled(), mfa.recover("carol", "2222-3333-4444"));
        assertEquals(new Outcome.NotEnrolled(), mfa.disable("carol", "123456"));
        assertEquals(pending, store.find("carol").orElseThrow());
    }

    void tamper(java.util.function.UnaryOperator<SealedSecret> change) {
        EnrollmentRecord r = aliceRecord();
        EnrollmentRecord t = new EnrollmentRecord(r.accountId(), r.label(), change.apply(r.secret()), r.parameters(),
                r.state(), r.createdAt(), r.confirmedAt(), r.lastAcceptedStep(), r.consecutiveFailures(),
                r.lockedUntil(), r.recoveryCodes(), r.version() + 1);
        assertTrue(store.replaceIfVersion(r.version(), t));
    }

    @Test
    void aTamperedSealedSecretIsAClearExceptionAndChangesNothing() {
        tamper(s -> {
            byte[] blob = s.blob();
            blob[blob.length - 1] ^= 1;
            return new SealedSecret(s.keyId(), blob);
        });
        SealedSecretException e = throwsUnchanged(SealedSecretException.class, () -> mfa.verify("alice", code(alice)));
        assertTrue(e.getMessage().contains("failed authentication") && e.getMessage().contains("'alice'"),
                e.getMessage());
        throwsUnchanged(SealedSecretException.class, () -> mfa.disable("alice", code(alice)));
        throwsUnchanged(SealedSecretException.class, () -> mfa.verify("alice", "000000"));
    }

    @Test
    void aTruncatedOrUnknownFormatBlobIsAClearException() {
        tamper(s -> new SealedSecret(s.keyId(), new byte[] {1, 2, 3}));
        assertTrue(throwsUnchanged(SealedSecretException.class, () -> mfa.verify("alice", code(alice)))
                .getMessage().contains("unknown format or is truncated"));
        tamper(s -> {
            byte[] blob = s.blob();
            blob[0] = 9;
            return new SealedSecret(s.keyId(), blob);
        });
        throwsUnchanged(SealedSecretException.class, () -> mfa.verify("alice", code(alice)));
        // the shortest blob AES-GCM can open: format byte, 12-byte nonce, 16-byte tag and nothing sealed
        tamper(s -> new SealedSecret(s.keyId(), Arrays.copyOf(new byte[] {1}, 28)));
        assertTrue(throwsUnchanged(SealedSecretException.class, () -> mfa.verify("alice", code(alice)))
                .getMessage().contains("truncated"), "a byte short of it is refused before the cipher");
        tamper(s -> new SealedSecret(s.keyId(), Arrays.copyOf(new byte[] {1}, 29)));
        assertTrue(throwsUnchanged(SealedSecretException.class, () -> mfa.verify("alice", code(alice)))
                .getMessage().contains("failed authentication"), "that length reaches the cipher, which refuses it");
    }

    @Test
    void aSealedSecretCopiedToAnotherAccountFailsToOpen() {
        PendingEnrollment mallory = mfa.begin("mallory", "mallory@acme.test").pending().orElseThrow();
        assertTrue(mfa.confirm("mallory", mallory.handle(), code(mallory)).isConfirmed());
        SealedSecret mallorys = store.find("mallory").orElseThrow().secret();
        tamper(s -> mallorys);
        throwsUnchanged(SealedSecretException.class, () -> mfa.verify("alice", code(mallory)));
        // relabelling the key id fails too (the key id is associated data)
        Enrollments twoKeys = Enrollments.builder(store).issuer("ACME Corp").clock(clock)
                .sealWith(KeyRing.of("k1", K1).withRetiredKey("k9", K1)).build();
        tamper(s -> new SealedSecret("k9", mallorys.blob()));
        throwsUnchanged(SealedSecretException.class, () -> twoKeys.verify("alice", code(alice)));
    }

    @Test
    void anUnknownKeyIdIsAClearExceptionThatNamesTheKeyIdsOnly() {
        Enrollments otherKey = Enrollments.builder(store).issuer("ACME Corp").clock(clock)
                .sealWith(KeyRing.of("k2", K2)).build();
        SealedSecretException e = throwsUnchanged(SealedSecretException.class,
                () -> otherKey.verify("alice", code(alice)));
        assertTrue(e.getMessage().contains("key id 'k1'") && e.getMessage().contains("[k2]"), e.getMessage());
        Enrollments unsealed = Enrollments.builder(store).issuer("ACME Corp").clock(clock).unsealed().build();
        throwsUnchanged(SealedSecretException.class, () -> unsealed.verify("alice", code(alice)));
        // and a sealing service refuses an unsealed secret (whoever writes the store could have planted it)
        PendingEnrollment dan = unsealed.begin("dan", "dan@acme.test").pending().orElseThrow();
        assertEquals("", store.find("dan").orElseThrow().secret().keyId());
        assertThrows(SealedSecretException.class, () -> mfa.confirm("dan", dan.handle(), code(dan)));
    }

    @Test
    void aRotatedKeyStillOpensAndTheNextWriteSealsWithThePrimaryKey() {
        Enrollments rotated = Enrollments.builder(store).issuer("ACME Corp").clock(clock)
                .sealWith(KeyRing.of("k2", K2).withRetiredKey("k1", K1)).build();
        assertEquals("k1", aliceRecord().secret().keyId());
        assertTrue(rotated.verify("alice", code(alice)).isAccepted());
        assertEquals("k2", aliceRecord().secret().keyId());
        clock.advance(Duration.ofSeconds(30));
        assertThrows(SealedSecretException.class, () -> mfa.verify("alice", code(alice)),
                "the old key alone no longer opens it");
        assertTrue(rotated.verify("alice", code(alice)).isAccepted());
    }

    /** Imported scratch codes that the import refuses: their text must never come back in a message. */
    static final List<String> BAD_IMPORTED_CODES = List.of("98765", "9876543x!", "1".repeat(33), "４４４４４４４４");

    @Test
    void badImportsAreClearExceptionsThatStoreNothing() {
        Secret secret = Secret.fromBase32Legacy("JBSWY3DPEHPK3PXP");
        TotpParameters defaults = TotpParameters.defaults();
        // Over an existing enrollment, without replaceExisting: not retryable, alice's record unchanged.
        EnrollmentConflictException conflict = throwsUnchanged(EnrollmentConflictException.class,
                () -> mfa.importEnrollment("alice", "alice@acme.test", secret, defaults, OptionalLong.empty(),
                        List.of(), false));
        assertFalse(conflict.isRetryable());
        // Recovery codes that cannot be imported, or repeat: the message gives the position, never the code.
        for (String bad : BAD_IMPORTED_CODES) {
            IllegalArgumentException e = throwsUnchanged(IllegalArgumentException.class, () -> mfa.importEnrollment(
                    "bob", "bob@acme.test", secret, defaults, OptionalLong.empty(), List.of("12345678", bad), false));
            assertTrue(e.getMessage().contains("recovery code 2"), e.getMessage());
            assertFalse(e.getMessage().contains(bad), e.getMessage());
        }
        assertTrue(throwsUnchanged(IllegalArgumentException.class, () -> mfa.importEnrollment("bob", "bob@acme.test",
                secret, defaults, OptionalLong.empty(), List.of("12345678", "1234-5678"), false))
                .getMessage().contains("repeats"));
        throwsUnchanged(IllegalArgumentException.class, () -> mfa.importEnrollment("bob", "bob@acme.test", secret,
                defaults, OptionalLong.empty(), java.util.Collections.nCopies(101, "12345678"), false));
        throwsUnchanged(IllegalArgumentException.class, () -> mfa.importEnrollment("bob", "bob@acme.test", secret,
                defaults, OptionalLong.of(-2), List.of(), false));
        throwsUnchanged(IllegalArgumentException.class, () -> mfa.importEnrollment("bob", "bob@acme.test", secret,
                new TotpParameters(dev.kairos.core.HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30),
                        Instant.ofEpochSecond(30)), OptionalLong.empty(), List.of(), false));
        throwsUnchanged(InvalidAccountException.class, () -> mfa.importEnrollment("bob", "bob:acme", secret,
                defaults, OptionalLong.empty(), List.of(), false));
        throwsUnchanged(InvalidAccountException.class, () -> mfa.importEnrollment(" bob", "bob@acme.test", secret,
                defaults, OptionalLong.empty(), List.of(), false));
        throwsUnchanged(NullPointerException.class, () -> mfa.importEnrollment("bob", "bob@acme.test", null,
                defaults, OptionalLong.empty(), List.of(), false));
        throwsUnchanged(NullPointerException.class, () -> mfa.importEnrollment("bob", "bob@acme.test", secret,
                defaults, null, List.of(), false));
        // A secret under 80 bits never gets this far: even the opt-in refuses it.
        throwsUnchanged(dev.kairos.core.InvalidSecretException.class, () -> Secret.fromBase32Legacy("JBSWY3DPEHPK3PX"));
        assertEquals(Optional.empty(), store.find("bob"), "nothing was stored for bob");
        texts.add(String.valueOf(mfa.usesLegacySecret("bob")));
    }

    @Test
    void noSecretBlobKeyOrRecoveryCodeAppearsInAnyTextTheLibraryProduces() {
        // produce as many texts as possible
        badImportsAreClearExceptionsThatStoreNothing();
        invalidAccountIdsAreRefusedByEveryOperationWithAClearMessage();
        malformedCodesAreARefusalNeverAnExceptionAndAreNotCounted();
        unknownAccountsAndMissingEnrollmentsAreResultsThatWriteNothing();
        EnrollmentRecord r = aliceRecord();
        texts.add(r.toString());
        texts.add(r.secret().toString());
        r.recoveryCodes().forEach(h -> texts.add(h.toString()));
        texts.add(mfa.toString());
        texts.add(KeyRing.of("k2", K2).withRetiredKey("k1", K1).toString());
        texts.add(store.toString());
        texts.add(mfa.recover("alice", recoveryCodes.get(1)).toString());
        texts.add(mfa.verify("alice", code(alice)).toString());
        events.forEach(e -> texts.add(e.toString()));
        tamper(s -> {
            byte[] blob = s.blob();
            blob[5] ^= 1;
            return new SealedSecret(s.keyId(), blob);
        });
        texts.add(assertThrows(SealedSecretException.class, () -> mfa.verify("alice", "123456")).getMessage());
        texts.add(assertThrows(IllegalStateException.class, () -> Enrollments.builder(store).build()).getMessage());

        byte[] blob = r.secret().blob();
        List<String> forbidden = new ArrayList<>(List.of(alice.secret().toBase32(), alice.manualEntryKey(),
                HexFormat.of().formatHex(alice.secret().bytes()), HexFormat.of().formatHex(blob),
                HexFormat.of().withUpperCase().formatHex(blob), Base64.getEncoder().encodeToString(blob),
                Base64.getEncoder().encodeToString(alice.secret().bytes()), HexFormat.of().formatHex(K1),
                HexFormat.of().formatHex(K2), Base64.getEncoder().encodeToString(K1)));
        for (String rc : recoveryCodes) {
            forbidden.add(rc);
            forbidden.add(rc.replace("-", ""));
        }
        r.recoveryCodes().forEach(h -> forbidden.add(h.encoded()));
        r.recoveryCodes().forEach(h -> forbidden.add(h.encoded().split("\\$")[3]));
        forbidden.add("JBSWY3DPEHPK3PX");
        BAD_IMPORTED_CODES.forEach(forbidden::add);
        assertTrue(texts.size() > 100, "texts: " + texts.size());
        for (String text : texts) {
            for (String f : forbidden) {
                String sample = f.length() > 12 ? f.substring(0, 12) : f;
                assertFalse(text != null && (text.contains(f) || text.contains(sample)),
                        "a secret, blob, key or recovery code leaked into: " + text);
            }
        }
    }
}
