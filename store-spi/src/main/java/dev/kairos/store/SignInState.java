package dev.kairos.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of an {@link EnrollmentRecord} that a sign-in changes: the replay guard's last accepted step, the failure
 * count, the lockout, the wrong-guess budget, and the compare-and-set version. Everything else in a record (sealed
 * secret, parameters, recovery-code hashes, binding, state, label, flags, instants of creation and confirmation)
 * changes only through a whole-record write, which starts a new <em>generation</em> (see
 * {@link StoredEnrollment#generation()}).
 *
 * <p>A store that keeps this part apart from the rest writes only these five fields on a sign-in
 * ({@link EnrollmentStore#replaceSignInIfVersion}): about 100 bytes instead of the whole record. An immutable value,
 * validated as the record validates the same fields; instants are truncated to milliseconds.
 *
 * @param lastAcceptedStep the last accepted time step (or HOTP counter), or -1 ({@link EnrollmentRecord#NO_STEP})
 * @param consecutiveFailures counted wrong codes in a row, 0 or more
 * @param lockedUntil until when codes are not checked, if a lockout was imposed
 * @param budgetRestoredAt when the wrong-guess budget is whole again, or empty
 * @param version the record's compare-and-set version, 1 or more
 */
public record SignInState(long lastAcceptedStep, int consecutiveFailures, Optional<Instant> lockedUntil,
        Optional<Instant> budgetRestoredAt, long version) {

    /**
     * Validates and truncates instants to milliseconds.
     *
     * @param lastAcceptedStep the last accepted time step, or -1
     * @param consecutiveFailures wrong codes in a row, 0 or more
     * @param lockedUntil until when codes are not checked, or empty
     * @param budgetRestoredAt when the wrong-guess budget is whole again, or empty
     * @param version the compare-and-set version, 1 or more
     * @throws NullPointerException if an optional is null
     * @throws IllegalArgumentException if {@code lastAcceptedStep} is below -1, {@code consecutiveFailures} is
     *     negative or {@code version} is below 1
     */
    public SignInState {
        lockedUntil = Objects.requireNonNull(lockedUntil, "lockedUntil").map(i -> i.truncatedTo(ChronoUnit.MILLIS));
        budgetRestoredAt = Objects.requireNonNull(budgetRestoredAt, "budgetRestoredAt")
                .map(i -> i.truncatedTo(ChronoUnit.MILLIS));
        if (lastAcceptedStep < EnrollmentRecord.NO_STEP) {
            throw new IllegalArgumentException("lastAcceptedStep must be -1 (none) or a time step >= 0, got "
                    + lastAcceptedStep);
        }
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("consecutiveFailures must be 0 or more, got " + consecutiveFailures);
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, got " + version);
        }
    }
}
