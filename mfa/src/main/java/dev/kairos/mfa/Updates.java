package dev.kairos.mfa;

import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.SignInWrite;
import dev.kairos.store.StoredEnrollment;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one compare-and-set loop every operation runs: read the record, decide, write the decision with one
 * conditional store call, and on a lost race decide again from a fresh read, at most {@code maxAttempts} times.
 * The sign-in runs its variant, {@link #runCached}: it decides on the cached record and writes only the sign-in
 * state, so that in the steady state the conditional write is its only store call.
 */
final class Updates {

    private Updates() {
    }

    /** What an operation decided after one read. */
    sealed interface Decision<T> {
    }

    /** An answer with nothing to write. */
    record Answer<T>(T result) implements Decision<T> {
    }

    /**
     * A write, and the result to return once it is stored. {@code current} empty: insert {@code next};
     * {@code next} empty: delete {@code current}; both present: replace.
     */
    record Write<T>(Optional<EnrollmentRecord> current, Optional<EnrollmentRecord> next, Supplier<T> then)
            implements Decision<T> {
    }

    /**
     * No decision on a cached record: it would answer without a write, and only a write conditional on the cached
     * version proves the cache current. {@link #runCached} reads the record and asks again.
     */
    record Reread<T>() implements Decision<T> {
    }

    static <T> Decision<T> answer(T result) {
        return new Answer<>(result);
    }

    static <T> Decision<T> replace(EnrollmentRecord current, EnrollmentRecord next, Supplier<T> then) {
        return new Write<>(Optional.of(current), Optional.of(next), then);
    }

    static <T> Decision<T> insertOrReplace(Optional<EnrollmentRecord> current, EnrollmentRecord next,
            Supplier<T> then) {
        return new Write<>(current, Optional.of(next), then);
    }

    static <T> Decision<T> delete(EnrollmentRecord current, Supplier<T> then) {
        return new Write<>(Optional.of(current), Optional.empty(), then);
    }

    /**
     * Runs an operation's decision against the store until a write wins or an answer needs none. The record a won
     * write leaves (or its absence) goes to the sign-in cache, so the next sign-in on this server is one round trip.
     *
     * @throws EnrollmentConflictException if {@code maxAttempts} writes in a row lost their race
     */
    static <T> T run(EnrollmentStore store, SignInCache cache, int maxAttempts, String operation, String accountId,
            Function<Optional<EnrollmentRecord>, Decision<T>> decide) {
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            Decision<T> decision = decide.apply(store.find(accountId));
            if (decision instanceof Answer<T> answer) {
                return answer.result();
            }
            Write<T> write = (Write<T>) decision;
            if (applyWhole(store, accountId, write)) {
                written(cache, accountId, write);
                return write.then().get();
            }
        }
        throw conflict(operation, accountId, maxAttempts);
    }

    /**
     * {@link #run} for the sign-in, on a cache of the records this service last saw. A decision made on a cached
     * record is either a write conditional on its version ({@code replaceSignInIfVersion} when only the sign-in state
     * changes, one round trip of about 100 bytes) or {@link Reread}; so the cache never decides an answer alone. A
     * lost race answers with the stored sign-in state ({@link SignInWrite.Lost}) and is decided again without a read;
     * a record replaced whole ({@link SignInWrite.Stale}) is read again. Any store failure forgets the account's entry.
     *
     * @param decide the decision on a record; its second argument is true when the record came from the cache
     * @throws EnrollmentConflictException if {@code maxAttempts} writes in a row lost their race
     */
    static <T> T runCached(EnrollmentStore store, SignInCache cache, int maxAttempts, String operation,
            String accountId, BiFunction<Optional<EnrollmentRecord>, Boolean, Decision<T>> decide) {
        try {
            Optional<StoredEnrollment> known = cache.get(accountId);
            boolean cached = known.isPresent();
            if (!cached) {
                known = read(store, cache, accountId);
            }
            for (int attempt = 0; attempt < maxAttempts; ) {
                Decision<T> decision = decide.apply(known.map(StoredEnrollment::record), cached);
                if (decision instanceof Reread<T>) {
                    if (!cached) {
                        throw new IllegalStateException(operation + ": a decision on a fresh read asked to read again");
                    }
                    known = read(store, cache, accountId);
                    cached = false;
                    continue;
                }
                if (decision instanceof Answer<T> answer) {
                    return answer.result();
                }
                Write<T> write = (Write<T>) decision;
                attempt++;
                cached = false;
                if (known.isPresent() && signInOnly(write)) {
                    long generation = known.get().generation();
                    EnrollmentRecord current = write.current().get();
                    EnrollmentRecord next = write.next().get();
                    SignInWrite result = store.replaceSignInIfVersion(current.version(), generation, next);
                    if (result instanceof SignInWrite.Written) {
                        cache.put(new StoredEnrollment(next, generation));
                        return write.then().get();
                    }
                    if (result instanceof SignInWrite.Lost lost) {
                        // Same generation: the rest of the record is the one we hold; no read needed.
                        known = Optional.of(new StoredEnrollment(current.withSignInState(lost.current()), generation));
                        cache.put(known.get());
                    } else {
                        known = read(store, cache, accountId);
                    }
                } else if (applyWhole(store, accountId, write)) {
                    written(cache, accountId, write);
                    return write.then().get();
                } else {
                    known = read(store, cache, accountId);
                }
            }
        } catch (RuntimeException e) {
            cache.forget(accountId);
            throw e;
        }
        throw conflict(operation, accountId, maxAttempts);
    }

    /** After a won whole-record write: the record it stored starts a generation of its own; a deletion, none. */
    private static void written(SignInCache cache, String accountId, Write<?> write) {
        write.next().ifPresentOrElse(r -> cache.put(StoredEnrollment.whole(r)), () -> cache.forget(accountId));
    }

    /** A replacement that changes nothing but the sign-in state (not a re-sealed secret, not the recovery codes). */
    private static boolean signInOnly(Write<?> write) {
        if (write.current().isEmpty() || write.next().isEmpty()) {
            return false;
        }
        EnrollmentRecord next = write.next().get();
        return next.equals(write.current().get().withSignInState(next.signInState()));
    }

    private static Optional<StoredEnrollment> read(EnrollmentStore store, SignInCache cache, String accountId) {
        Optional<StoredEnrollment> found = store.findStored(accountId);
        found.ifPresentOrElse(cache::put, () -> cache.forget(accountId));
        return found;
    }

    /** Writes a decision with insertIfAbsent, deleteIfVersion or replaceIfVersion; true if it won. */
    private static boolean applyWhole(EnrollmentStore store, String accountId, Write<?> write) {
        if (write.current().isEmpty()) {
            return store.insertIfAbsent(write.next().orElseThrow());
        }
        if (write.next().isEmpty()) {
            return store.deleteIfVersion(accountId, write.current().get().version());
        }
        return store.replaceIfVersion(write.current().get().version(), write.next().get());
    }

    private static EnrollmentConflictException conflict(String operation, String accountId, int maxAttempts) {
        return new EnrollmentConflictException(operation + " of account '" + accountId + "' lost the "
                + "store's compare-and-set " + maxAttempts + " times in a row to concurrent requests; nothing was "
                + "written by this call, retry later", true);
    }
}
