package dev.kairos.store.redis;

/**
 * Thrown when Redis failed an operation of a {@link RedisEnrollmentStore} or a {@link RedisReplayGuard}: connection
 * refused or lost, command timed out, an error reply (e.g. {@code OOM}, {@code READONLY}, {@code LOADING}), a stored
 * value that is not a valid record. Conflicts (a lost compare-and-set, an existing account, a replayed step) are never
 * exceptions; they are {@code false} results.
 *
 * <p>When a write was sent and its reply never came (timeout, connection dropped), Redis may or may not have run it:
 * {@link #outcomeUnknown()} is then true, and the caller must re-read before it reports anything (for a
 * verification: the code may have been consumed). The stored value is whole either way, old or new: each write is one
 * Lua script or one {@code SET}, which Redis runs atomically. The message names the operation and the key prefix,
 * never a stored value, a secret or a hash.
 */
public final class RedisStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Whether the command may have been applied although no reply arrived (see {@link #outcomeUnknown()}). */
    private final boolean outcomeUnknown;

    RedisStoreException(String message, Throwable cause, boolean outcomeUnknown) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /**
     * Tells whether the failed operation was a write whose reply was lost, so that Redis may or may not have applied
     * it (either way the value is whole: fully old or fully new).
     *
     * @return true if the outcome of the write is unknown; false if it certainly changed nothing (reads, error
     *     replies, no connection)
     */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
