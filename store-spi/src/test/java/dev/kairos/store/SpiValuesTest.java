package dev.kairos.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.TotpParameters;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SPI's values at their edges: key ids, sealed secrets, account ids and labels. */
class SpiValuesTest {

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
    void anAccountIdOrLabelMayHaveUpTo256Characters() {
        String longest = "a".repeat(EnrollmentRecord.MAX_ACCOUNT_LENGTH);
        assertEquals(longest, EnrollmentRecord.checkLabel(longest));
        assertEquals(longest, EnrollmentRecord.checkAccountId(longest));
        assertThrows(InvalidAccountException.class, () -> EnrollmentRecord.checkLabel(longest + "a"));
        String message = assertThrows(InvalidAccountException.class, () -> EnrollmentRecord.checkLabel("ab\u0001"))
                .getMessage();
        assertTrue(message.contains("position 3"), message);
    }

    private static EnrollmentRecord record(int flags, Optional<String> binding, Optional<Instant> budget) {
        Instant t = Instant.parse("2026-03-01T10:00:00.123456789Z");
        return new EnrollmentRecord("alice", "alice@acme.test", new SealedSecret("", new byte[] {0, 1}),
                TotpParameters.defaults(), EnrollmentState.PENDING, t, Optional.empty(), EnrollmentRecord.NO_STEP, 0,
                Optional.of(t), List.of(), flags, binding, budget, 1);
    }

    @Test
    void aBindingIsOneTo1024PrintableAsciiCharacters() {
        for (String ok : new String[] {"!", "~", "v1.hAbC-_", "~".repeat(EnrollmentRecord.MAX_BINDING_LENGTH)}) {
            assertEquals(Optional.of(ok), record(0, Optional.of(ok), Optional.empty()).binding());
        }
        for (String bad : new String[] {"", "~".repeat(EnrollmentRecord.MAX_BINDING_LENGTH + 1), "a b", "a\u007f",
                "\u00e9", "a\nb", " "}) {
            assertThrows(IllegalArgumentException.class, () -> record(0, Optional.of(bad), Optional.empty()), bad);
        }
        String message = assertThrows(IllegalArgumentException.class,
                () -> record(0, Optional.of("ab c"), Optional.empty())).getMessage();
        assertTrue(message.contains("position 3"), message);
        assertThrows(NullPointerException.class, () -> record(0, null, Optional.empty()));
        assertThrows(NullPointerException.class, () -> record(0, Optional.empty(), null));
    }

    @Test
    void instantsAreTruncatedToMillisecondsAndTheDescriptionHidesTheBinding() {
        Instant nanos = Instant.parse("2026-03-01T11:00:00.987654321Z");
        EnrollmentRecord r = record(0, Optional.of("v1.hsecret-hash"), Optional.of(nanos));
        assertEquals(Optional.of(Instant.parse("2026-03-01T11:00:00.987Z")), r.budgetRestoredAt());
        assertEquals(Optional.of(Instant.parse("2026-03-01T10:00:00.123Z")), r.lockedUntil());
        assertEquals(r, r.withVersion(1));
        assertEquals(r.binding(), r.withVersion(2).binding());
        assertEquals(r.budgetRestoredAt(), r.withVersion(2).budgetRestoredAt());
        assertFalse(r.toString().contains("secret-hash"), r.toString());
        assertTrue(r.toString().contains("binding=present"), r.toString());
        assertTrue(record(0, Optional.empty(), Optional.empty()).toString().contains("binding=-"));
        assertEquals(Optional.empty(), new EnrollmentRecord("a", "a", r.secret(), r.parameters(), r.state(),
                r.createdAt(), r.confirmedAt(), r.lastAcceptedStep(), 0, Optional.empty(), List.of(), 1).binding(),
                "records of the older constructors are unbound with a whole budget");
    }

    @Test
    void hasFlagIsTrueOnlyWhenEveryBitOfTheFlagIsSet() {
        EnrollmentRecord legacy = record(EnrollmentRecord.LEGACY_SECRET, Optional.empty(), Optional.empty());
        assertTrue(legacy.hasFlag(EnrollmentRecord.LEGACY_SECRET));
        assertFalse(legacy.hasFlag(EnrollmentRecord.IMPORTED));
        assertFalse(legacy.hasFlag(EnrollmentRecord.LEGACY_SECRET | EnrollmentRecord.IMPORTED));
        assertTrue(record(EnrollmentRecord.KNOWN_FLAGS, Optional.empty(), Optional.empty())
                .hasFlag(EnrollmentRecord.IMPORTED | EnrollmentRecord.HOTP));
    }
}
