package dev.kairos.store;

import java.util.Objects;

/**
 * A record as a store holds it, with its generation ({@link EnrollmentStore#findStored}).
 *
 * <p>The <b>generation</b> is the {@link EnrollmentRecord#version() version} of the record's last whole-record write
 * ({@link EnrollmentStore#insertIfAbsent} or {@link EnrollmentStore#replaceIfVersion}); a sign-in write
 * ({@link EnrollmentStore#replaceSignInIfVersion}) keeps it. So while the generation is the same, every field of the
 * record but its {@link SignInState} is the same: a service may cache that part per account and fetch or write only
 * the sign-in state. Versions never repeat for an account (see {@link EnrollmentStore}, "Versions"), so neither do
 * generations. A store that does not keep the parts apart reports the record's version as its generation, which is
 * always correct (it only makes every lost race cost a read).
 *
 * @param record the record
 * @param generation the version of its last whole-record write: 1 to {@code record.version()}
 */
public record StoredEnrollment(EnrollmentRecord record, long generation) {

    /**
     * Validates.
     *
     * @param record the record
     * @param generation the version of its last whole-record write
     * @throws NullPointerException if {@code record} is null
     * @throws IllegalArgumentException if {@code generation} is below 1 or above {@code record.version()}
     */
    public StoredEnrollment {
        Objects.requireNonNull(record, "record");
        if (generation < 1 || generation > record.version()) {
            throw new IllegalArgumentException("generation must be 1 to the record's version " + record.version()
                    + ", got " + generation);
        }
    }

    /**
     * A record just written whole: its generation is its version.
     *
     * @param record the record
     * @return the record with generation {@code record.version()}
     * @throws NullPointerException if {@code record} is null
     */
    public static StoredEnrollment whole(EnrollmentRecord record) {
        return new StoredEnrollment(record, Objects.requireNonNull(record, "record").version());
    }
}
