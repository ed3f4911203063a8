package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link ReplayGuard#retentionFor}: the one place the shared guards (Redis, JDBC) take their expiry from. */
class ReplayGuardRetentionTest {

    @Test
    void theRetentionCoversEveryStepACodeCanStillBeAcceptedInPlusOne() {
        assertEquals(Duration.ofSeconds(120), ReplayGuard.retentionFor(Duration.ofSeconds(30), SkewWindow.of(1, 1)));
        assertEquals(Duration.ofSeconds(60), ReplayGuard.retentionFor(Duration.ofSeconds(30), SkewWindow.exact()));
        assertEquals(Duration.ofSeconds(300), ReplayGuard.retentionFor(Duration.ofSeconds(60), SkewWindow.of(2, 1)));
        assertEquals(Duration.ofDays(2), ReplayGuard.retentionFor(Duration.ofDays(1), SkewWindow.exact()));
    }

    @Test
    void aPeriodOutsideOneSecondToOneDayIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ReplayGuard.retentionFor(Duration.ZERO, SkewWindow.exact()));
        assertThrows(IllegalArgumentException.class,
                () -> ReplayGuard.retentionFor(Duration.ofMillis(999), SkewWindow.exact()));
        assertThrows(IllegalArgumentException.class,
                () -> ReplayGuard.retentionFor(Duration.ofDays(1).plusSeconds(1), SkewWindow.exact()));
        assertThrows(NullPointerException.class, () -> ReplayGuard.retentionFor(null, SkewWindow.exact()));
        assertThrows(NullPointerException.class, () -> ReplayGuard.retentionFor(Duration.ofSeconds(30), null));
    }
}
