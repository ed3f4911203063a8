package dev.kairos.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kairos.store.RecoveryCodeHash;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryCodesColumnTest {

    @Test
    void encodesEachCodeAsItsFlagAndHashSeparatedBySpaces() {
        List<RecoveryCodeHash> codes = List.of(new RecoveryCodeHash("p$1$a$b", false),
                new RecoveryCodeHash("p$1$c$d", true));
        assertEquals("Ap$1$a$b Up$1$c$d", RecoveryCodesColumn.encode(codes));
        assertEquals(codes, RecoveryCodesColumn.decode("Ap$1$a$b Up$1$c$d"));
    }

    @Test
    void encodesNoCodesAsTheEmptyString() {
        assertEquals("", RecoveryCodesColumn.encode(List.of()));
        assertEquals(List.of(), RecoveryCodesColumn.decode(""));
    }

    @Test
    void refusesAColumnThatIsNotInItsFormat() {
        for (String bad : new String[] {"X123", "A", "Aabc ", " Aabc", "Aabc  Udef", "Aab c"}) {
            assertThrows(IllegalArgumentException.class, () -> RecoveryCodesColumn.decode(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> RecoveryCodesColumn.decode(null));
    }
}
