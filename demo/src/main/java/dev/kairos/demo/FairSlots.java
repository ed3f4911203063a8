package dev.kairos.demo;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed number of slots (the password checks that may run at once) shared fairly between client addresses
 * (issue 24, finding 5). A plain semaphore served whoever came first, so 16 addresses flooding sign-ins held every
 * slot and a real user got "busy" in 18 of 20 tries. Here:
 *
 * <ul>
 *   <li>each client has at most one request waiting: a second one is refused at once (its own "busy"), so a
 *       flood cannot fill the line;</li>
 *   <li>a freed slot goes to the waiting client served least recently (never served first), so a user who is not
 *       flooding waits for at most the next slot to free up, however many clients flood.</li>
 * </ul>
 *
 * <p>Thread-safe. Clients rotating through many addresses each count as a new client; the per-address password
 * throttle limits what they get from each.
 */
final class FairSlots {

    private static final int REMEMBERED = 10_000;

    private final int slots;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Waiter> waiting = new HashMap<>();
    /** When each recent client was last given a slot (a counter, not a clock), oldest first; bounded. */
    private final Map<String, Long> lastServed = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };
    private int inUse;
    private long turns;
    private long arrivals;

    private static final class Waiter {
        final long arrival;
        boolean granted;

        Waiter(long arrival) {
            this.arrival = arrival;
        }
    }

    FairSlots(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, got " + slots);
        }
        this.slots = slots;
    }

    /**
     * Takes a slot for the client, waiting at most {@code maxWaitNanos}.
     *
     * @return whether a slot was taken (then {@link #release()} it); false if the client already has a request
     *     waiting, or no slot came in time
     */
    boolean acquire(String client, long maxWaitNanos) throws InterruptedException {
        lock.lock();
        try {
            if (waiting.containsKey(client)) {
                return false;
            }
            if (inUse < slots && waiting.isEmpty()) {
                take(client);
                return true;
            }
            Waiter me = new Waiter(arrivals++);
            waiting.put(client, me);
            long left = maxWaitNanos;
            try {
                while (!me.granted && left > 0) {
                    left = changed.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                if (me.granted) {
                    releaseLocked();
                } else {
                    waiting.remove(client);
                }
                throw e;
            }
            if (!me.granted) {
                waiting.remove(client);
            }
            return me.granted;
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            releaseLocked();
        } finally {
            lock.unlock();
        }
    }

    private void releaseLocked() {
        inUse--;
        while (inUse < slots && !waiting.isEmpty()) {
            String next = null;
            long bestServed = Long.MAX_VALUE;
            long bestArrival = Long.MAX_VALUE;
            for (Map.Entry<String, Waiter> w : waiting.entrySet()) {
                long served = lastServed.getOrDefault(w.getKey(), -1L);
                if (served < bestServed || served == bestServed && w.getValue().arrival < bestArrival) {
                    next = w.getKey();
                    bestServed = served;
                    bestArrival = w.getValue().arrival;
                }
            }
            waiting.remove(next).granted = true;
            take(next);
        }
        changed.signalAll();
    }

    private void take(String client) {
        inUse++;
        lastServed.put(client, turns++);
    }

    /** How many clients wait now (tests wait for a line to form). */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }
}
