package dev.kairos.demo;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What happened, newest last: MFA lifecycle events reported by the Kairos listener, and the demo's own admin
 * actions. Bounded, in memory.
 */
final class AuditLog {

    /** One entry; {@code actor} did {@code action} to {@code account}. */
    record Entry(Instant at, String actor, String action, String account, String detail) {}

    private static final int MAX_ENTRIES = 10_000;

    private final Clock clock;
    private final List<Entry> entries = new ArrayList<>();

    AuditLog(Clock clock) {
        this.clock = clock;
    }

    void record(String actor, String action, String account, String detail) {
        add(new Entry(clock.instant(), actor, action, account, detail));
    }

    synchronized void add(Entry e) {
        if (entries.size() == MAX_ENTRIES) {
            entries.remove(0);
        }
        entries.add(e);
    }

    /** Newest first. */
    synchronized List<Entry> newestFirst() {
        List<Entry> copy = new ArrayList<>(entries);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
