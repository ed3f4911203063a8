package dev.kairos.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** {@link ReplayGuard#inMemory()}: one {@link AtomicLong} per credential, advanced by compare-and-set. */
final class InMemoryReplayGuard implements ReplayGuard {

    private final ConcurrentHashMap<String, AtomicLong> lastAccepted = new ConcurrentHashMap<>();

    @Override
    public boolean tryAccept(String credentialId, long timeStep) {
        // computeIfAbsent takes no lock and allocates nothing once the credential is known.
        AtomicLong last = lastAccepted.computeIfAbsent(credentialId, id -> new AtomicLong(Long.MIN_VALUE));
        while (true) {
            long previous = last.get();
            if (timeStep <= previous) {
                return false;
            }
            if (last.compareAndSet(previous, timeStep)) {
                return true;
            }
        }
    }

    @Override
    public String toString() {
        return "ReplayGuard.inMemory[" + lastAccepted.size() + " credentials]";
    }
}
