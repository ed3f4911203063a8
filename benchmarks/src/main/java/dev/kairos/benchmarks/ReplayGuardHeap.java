package dev.kairos.benchmarks;

import dev.kairos.core.ReplayGuard;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Heap held by {@code ReplayGuard.inMemory()} after one million distinct accounts each logged in once, and again
 * after their codes aged out of the window (the clock moved on and a little traffic of other accounts followed).
 *
 * <p>Method: the retained heap is {@code totalMemory() - freeMemory()} after {@code System.gc()} (five times, with
 * short pauses, until two readings agree within 1 MB), minus the same reading before the guard was filled. With
 * G1 or the default collector of a JDK 17 that is the live set to within a few MB; it counts everything the guard
 * keeps: the map nodes, the per-account counters and the account-id strings (which the application would otherwise
 * drop after the request). Not a JMH benchmark: it measures memory, not time. Run:
 * {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.kairos.benchmarks.ReplayGuardHeap [accounts]}.
 */
public final class ReplayGuardHeap {

    private ReplayGuardHeap() {
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            long used = rt.totalMemory() - rt.freeMemory();
            if (Math.abs(used - last) < 1 << 20) {
                return used;
            }
            last = used;
        }
        return last;
    }

    static String mb(long bytes) {
        return String.format("%,.1f MB", bytes / 1048576.0);
    }

    /**
     * Fills a guard, ages it, and prints the retained heap at each stage.
     *
     * @param args optional: the number of accounts (default 1,000,000)
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        for (String kind : Guards.KINDS) {
            MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:15Z"));
            long base = usedAfterGc();
            ReplayGuard guard = Guards.create(kind, clock);
            long step = clock.instant().getEpochSecond() / 30;
            for (int i = 0; i < accounts; i++) {
                if (!guard.tryAccept("account-" + i, step)) {
                    throw new IllegalStateException("refused a first login");
                }
            }
            long filled = usedAfterGc() - base;
            // Four periods later the logins' step is at the horizon (now - back 1 - ahead 1 - 2): none of their
            // codes can be accepted any more. Some traffic of other accounts follows, which is what sweeps.
            clock.now = clock.now.plusSeconds(30 * 4);
            long later = clock.instant().getEpochSecond() / 30;
            for (int i = 0; i < 10_000; i++) {
                guard.tryAccept("later-" + i, later);
            }
            if (guard.tryAccept("account-0", step)) {
                throw new IllegalStateException("accepted a replay after aging");
            }
            long aged = usedAfterGc() - base;
            System.out.printf("%-28s %,d accounts: %s (%,d B/account); after aging + 10,000 other logins: %s%n",
                    kind, accounts, mb(filled), filled / accounts, mb(aged));
            System.out.println("  " + guard);
            guard = null;
        }
    }
}
