package dev.kairos.mfa;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits how many malformed-input refusals per account reach the audit listener: at most {@link #PER_MINUTE} per
 * account and clock minute, in this service instance; the rest are counted and reported as one
 * {@link EnrollmentEvent.Type#MALFORMED_SUPPRESSED} event when that account's next minute begins. A flood of
 * garbage therefore costs no store access, no HMAC and a bounded number of audit entries. Memory is bounded too:
 * at most {@link #MAX_ACCOUNTS} accounts are tracked; past that, entries of earlier minutes are dropped, and if
 * all are current the refusal is suppressed without being tracked.
 */
final class MalformedAudit {

    static final int PER_MINUTE = 10;
    static final int MAX_ACCOUNTS = 10_000;

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long minute = Long.MIN_VALUE;
        int reported;
        long suppressed;
    }

    /**
     * Admits one malformed-input refusal.
     *
     * @return -1 to suppress it; otherwise report it, after a {@code MALFORMED_SUPPRESSED} event for the returned
     *     count if that is above 0
     */
    long admit(String accountId, Instant now) {
        long minute = Math.floorDiv(now.getEpochSecond(), 60);
        Window w = windows.get(accountId);
        if (w == null) {
            if (windows.size() >= MAX_ACCOUNTS) {
                windows.values().removeIf(old -> {
                    synchronized (old) {
                        return old.minute < minute && old.suppressed == 0;
                    }
                });
                if (windows.size() >= MAX_ACCOUNTS) {
                    return -1;
                }
            }
            w = windows.computeIfAbsent(accountId, k -> new Window());
        }
        synchronized (w) {
            long flushed = 0;
            if (w.minute != minute) {
                flushed = w.suppressed;
                w.minute = minute;
                w.reported = 0;
                w.suppressed = 0;
            }
            if (w.reported < PER_MINUTE) {
                w.reported++;
                return flushed;
            }
            w.suppressed++;
            return -1;
        }
    }
}
