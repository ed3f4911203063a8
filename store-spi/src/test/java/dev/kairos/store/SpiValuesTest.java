package dev.kairos.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
