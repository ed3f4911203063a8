package dev.kairos.mfa;

import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentStore;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one compare-and-set loop every operation runs: read the record, decide, write the decision with one
 * conditional store call, and on a lost race decide again from a fresh read, at most {@code maxAttempts} times.
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
     * Runs an operation's decision against the store until a write wins or an answer needs none.
     *
     * @throws EnrollmentConflictException if {@code maxAttempts} writes in a row lost their race
     */
    static <T> T run(EnrollmentStore store, int maxAttempts, String operation, String accountId,
            Function<Optional<EnrollmentRecord>, Decision<T>> decide) {
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            Decision<T> decision = decide.apply(store.find(accountId));
            if (decision instanceof Answer<T> answer) {
                return answer.result();
            }
            Write<T> write = (Write<T>) decision;
            boolean written;
            if (write.current().isEmpty()) {
                written = store.insertIfAbsent(write.next().orElseThrow());
            } else if (write.next().isEmpty()) {
                written = store.deleteIfVersion(accountId, write.current().get().version());
            } else {
                written = store.replaceIfVersion(write.current().get().version(), write.next().get());
            }
            if (written) {
                return write.then().get();
            }
        }
        throw new EnrollmentConflictException(operation + " of account '" + accountId + "' lost the "
                + "store's compare-and-set " + maxAttempts + " times in a row to concurrent requests; nothing was "
                + "written by this call, retry later", true);
    }
}
