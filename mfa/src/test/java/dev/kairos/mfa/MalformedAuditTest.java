package dev.kairos.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The audit limit for malformed input ({@link MalformedAudit}): ten reports per account and minute, the rest counted
 * and reported once in the account's next minute, and at most {@link MalformedAudit#MAX_ACCOUNTS} accounts tracked.
 */
class MalformedAuditTest {

    static final Instant MINUTE_0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant MINUTE_1 = MINUTE_0.plus(Duration.ofMinutes(1));

    final MalformedAudit audit = new MalformedAudit();

    @Test
    void tenReportsAMinuteThenTheRestAreCountedAndReportedOnceInTheNextMinute() {
        for (int i = 0; i < MalformedAudit.PER_MINUTE; i++) {
            assertEquals(0, audit.admit("alice", MINUTE_0.plusSeconds(i)), "report " + (i + 1));
        }
        assertEquals(-1, audit.admit("alice", MINUTE_0.plusSeconds(50)), "the 11th is suppressed");
        assertEquals(-1, audit.admit("alice", MINUTE_0.plusSeconds(59)), "and the 12th");
        assertEquals(0, audit.admit("bob", MINUTE_0.plusSeconds(59)), "another account has its own limit");
        assertEquals(2, audit.admit("alice", MINUTE_1), "the next minute reports the two suppressed ones");
        assertEquals(0, audit.admit("alice", MINUTE_1.plusSeconds(1)), "once");
        assertEquals(0, audit.admit("alice", MINUTE_0.plus(Duration.ofMinutes(5))), "nothing was suppressed since");
    }

    @Test
    void pastTheAccountLimitOnlyEntriesOfEarlierMinutesWithNothingSuppressedAreDropped() {
        for (int i = 0; i < MalformedAudit.PER_MINUTE + 3; i++) {
            audit.admit("noisy", MINUTE_0);
        }
        for (int i = 1; i < MalformedAudit.MAX_ACCOUNTS - 1; i++) {
            assertEquals(0, audit.admit("account-" + i, MINUTE_0));
        }
        assertEquals(0, audit.admit("last", MINUTE_0), "the limit's last place is still free");
        assertEquals(-1, audit.admit("one-too-many", MINUTE_0),
                "every tracked account is of this minute: the new one is suppressed, not tracked");
        assertEquals(0, audit.admit("account-1", MINUTE_0.plusSeconds(30)), "a tracked account is still reported");

        assertEquals(0, audit.admit("newcomer", MINUTE_1), "a minute later the quiet entries make room");
        for (int i = 0; i < MalformedAudit.MAX_ACCOUNTS - 3; i++) {
            assertEquals(0, audit.admit("second-wave-" + i, MINUTE_1), "room for all but noisy and newcomer: " + i);
        }
        assertEquals(3, audit.admit("noisy", MINUTE_1), "an entry with suppressed reports is kept until it is told");
    }
}
