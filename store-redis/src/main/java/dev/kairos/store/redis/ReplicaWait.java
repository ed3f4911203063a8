package dev.kairos.store.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How many replicas must acknowledge a write ({@code WAIT numreplicas timeout}) before the store or the guard reports
 * it as done; {@link #NONE} reports a write once the master has it in memory.
 */
record ReplicaWait(int replicas, Duration timeout) {
    static final ReplicaWait NONE = new ReplicaWait(0, Duration.ZERO);
    /** More replicas than any real deployment has per master; a larger number is a typo. */
    static final int MAX_REPLICAS = 16;

    ReplicaWait {
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Checks a builder's arguments.
     *
     * @throws IllegalArgumentException if replicas is not 1 to 16 or the timeout is not 1 ms to 1 minute
     */
    static ReplicaWait of(int replicas, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("replicas must be 1 to " + MAX_REPLICAS + ", got " + replicas);
        }
        if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("the WAIT timeout must be 1 ms to 1 minute, got " + timeout);
        }
        return new ReplicaWait(replicas, timeout);
    }

    boolean none() {
        return replicas == 0;
    }

    /** Counts the replicas that {@code INFO replication} lists with {@code state=online}. */
    static int onlineReplicas(String info) {
        int online = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("slave") && line.contains(":") && line.contains("state=online")) {
                online++;
            }
        }
        return online;
    }

    @Override
    public String toString() {
        return none() ? "none" : replicas + " replica(s) within " + timeout.toMillis() + " ms";
    }
}
