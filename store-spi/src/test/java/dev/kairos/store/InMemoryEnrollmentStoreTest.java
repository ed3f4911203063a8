package dev.kairos.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.TotpParameters;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The reference store and the record it keeps, in this module's own tests (the full contract kit runs on it in
 * store-tck, which depends on this module): the compare-and-set rules, the version rule, and the record's helpers.
 */
class InMemoryEnrollmentStoreTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");

    static EnrollmentRecord record(String id, long version, List<RecoveryCodeHash> codes) {
        EnrollmentState state = codes.isEmpty() ? EnrollmentState.PENDING : EnrollmentState.ACTIVE;
        return new EnrollmentRecord(id, id + "@acme.test", new SealedSecret("k1", new byte[] {1, 2, 3}),
                TotpParameters.defaults(), state, T0, codes.isEmpty() ? Optional.empty() : Optional.of(T0),
                EnrollmentRecord.NO_STEP, 0, Optional.empty(), codes, version);
    }

    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();

    @Test
    void insertFindReplaceAndDeleteFollowTheVersionOfTheStoredRecord() {
        assertEquals(Optional.empty(), store.find("alice"));
        EnrollmentRecord first = record("alice", 7, List.of());
        assertTrue(store.insertIfAbsent(first));
        assertFalse(store.insertIfAbsent(record("alice", 9, List.of())), "an existing account is not overwritten");
        assertEquals(Optional.of(first), store.find("alice"));

        EnrollmentRecord second = first.withVersion(8);
        assertFalse(store.replaceIfVersion(6, record("alice", 7, List.of())), "another expected version loses");
        assertTrue(store.replaceIfVersion(7, second));
        assertEquals(8, store.find("alice").orElseThrow().version());
        assertFalse(store.replaceIfVersion(7, second), "the same version cannot be consumed twice");
        assertFalse(store.replaceIfVersion(0, record("bob", 1, List.of())), "no record: nothing replaced");

        assertFalse(store.deleteIfVersion("alice", 7));
        assertTrue(store.find("alice").isPresent());
        assertTrue(store.deleteIfVersion("alice", 8));
        assertEquals(Optional.empty(), store.find("alice"));
        assertFalse(store.deleteIfVersion("alice", 8));
        assertTrue(store.insertIfAbsent(first), "a deleted account can enroll again");
    }

    @Test
    void aReplacementMustCarryTheExpectedVersionPlusOneAndIsRefusedWithoutAWriteOtherwise() {
        store.insertIfAbsent(record("alice", 7, List.of()));
        assertThrows(IllegalArgumentException.class, () -> store.replaceIfVersion(7, record("alice", 9, List.of())));
        assertThrows(IllegalArgumentException.class, () -> store.replaceIfVersion(7, record("alice", 7, List.of())));
        assertThrows(IllegalArgumentException.class,
                () -> EnrollmentStore.checkNextVersion(Long.MAX_VALUE, record("alice", 1, List.of())));
        assertEquals(7, store.find("alice").orElseThrow().version());
        EnrollmentStore.checkNextVersion(7, record("alice", 8, List.of()));
    }

    @Test
    void theStoreDescribesItselfWithoutItsContents() {
        store.insertIfAbsent(record("alice", 1, List.of()));
        assertEquals("InMemoryEnrollmentStore[1 records]", store.toString());
    }

    @Test
    void aRecordCountsItsUnusedRecoveryCodesAndDescribesItselfWithoutHashesOrBlob() {
        RecoveryCodeHash unused = new RecoveryCodeHash("pbkdf2-sha256-set$4096$c2FsdA$aGFzaA", false);
        EnrollmentRecord r = record("alice", 3, List.of(unused, unused.markUsed(), unused));
        assertEquals(2, r.unusedRecoveryCodes());
        assertTrue(unused.markUsed().used());
        assertEquals("RecoveryCodeHash[used]", unused.markUsed().toString());
        assertEquals("RecoveryCodeHash[unused]", unused.toString());
        String text = r.toString();
        assertTrue(text.contains("recoveryCodes=2/3 unused") && text.contains("accountId=alice"), text);
        assertFalse(text.contains("aGFzaA") || text.contains("[1, 2, 3]"), text);
        assertEquals(r, r.withVersion(4).withVersion(3));
        assertEquals(4, r.withVersion(4).version());
    }

    @Test
    void aSealedSecretSaysWhetherItIsSealed() {
        assertTrue(new SealedSecret("k1", new byte[] {1, 2}).isSealed());
        assertFalse(new SealedSecret("", new byte[] {0, 2}).isSealed());
        assertTrue(new SealedSecret("", new byte[] {0, 2}).toString().contains("(unsealed)"));
        assertTrue(new SealedSecret("k1", new byte[] {0, 2}).toString().contains("keyId=k1"));
        assertFalse(new SealedSecret("k1", new byte[] {0, 2}).toString().contains("(unsealed)"));
    }

    @Test
    void accountIdsAndLabelsAreRefusedForEachRuleWithAMessageNamingIt() {
        String[][] cases = {
            {null, "null"}, {"", "blank"}, {"   ", "blank"}, {"a".repeat(257), "256"}, {" alice", "whitespace"},
            {"alice ", "whitespace"}, {"al\u0001ice", "control"},
        };
        for (String[] c : cases) {
            InvalidAccountException e = assertThrows(InvalidAccountException.class,
                    () -> EnrollmentRecord.checkAccountId(c[0]), String.valueOf(c[0]));
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains("account id"), e.getMessage());
            InvalidAccountException l = assertThrows(InvalidAccountException.class,
                    () -> EnrollmentRecord.checkLabel(c[0]), String.valueOf(c[0]));
            assertTrue(l.getMessage().contains("account label"), l.getMessage());
        }
        // what the otpauth:// URI refuses, the record refuses too (one set of rules, written in core)
        for (String label : new String[] {"al:ice", "alice\u00A0", "\u2007alice", "al\uD800ice"}) {
            assertThrows(InvalidAccountException.class, () -> EnrollmentRecord.checkLabel(label), label);
        }
        assertEquals("al:ice", EnrollmentRecord.checkAccountId("al:ice"), "an id may hold ':'; a label may not");
        assertThrows(InvalidAccountException.class, () -> record("al\u0001ice", 1, List.of()));
    }
}
