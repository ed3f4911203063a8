package dev.kairos.mfa;

import dev.kairos.core.TotpParameters;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentState;
import dev.kairos.store.RecoveryCodeHash;
import dev.kairos.store.SealedSecret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The next version of a record, changed field by field: every transition of the lifecycle is written here once,
 * and only {@link #next()} (and {@link #first}) call the record's constructor.
 */
final class Draft {

    private final EnrollmentRecord from;
    private String label;
    private SealedSecret secret;
    private TotpParameters parameters;
    private EnrollmentState state;
    private Instant createdAt;
    private Optional<Instant> confirmedAt;
    private long lastAcceptedStep;
    private int consecutiveFailures;
    private Optional<Instant> lockedUntil;
    private List<RecoveryCodeHash> recoveryCodes;
    private int flags;
    private Optional<String> binding;
    private Optional<Instant> budgetRestoredAt;

    private Draft(EnrollmentRecord r) {
        this.from = r;
        this.label = r.label();
        this.secret = r.secret();
        this.parameters = r.parameters();
        this.state = r.state();
        this.createdAt = r.createdAt();
        this.confirmedAt = r.confirmedAt();
        this.lastAcceptedStep = r.lastAcceptedStep();
        this.consecutiveFailures = r.consecutiveFailures();
        this.lockedUntil = r.lockedUntil();
        this.recoveryCodes = r.recoveryCodes();
        this.flags = r.flags();
        this.binding = r.binding();
        this.budgetRestoredAt = r.budgetRestoredAt();
    }

    static Draft of(EnrollmentRecord r) {
        return new Draft(r);
    }

    /** A new pending record (no earlier one) with its binding, at a first version picked by the caller. */
    static EnrollmentRecord first(String accountId, String label, SealedSecret secret, TotpParameters parameters,
            Instant now, Binding binding, long version) {
        return new EnrollmentRecord(accountId, label, secret, parameters, EnrollmentState.PENDING, now,
                Optional.empty(), EnrollmentRecord.NO_STEP, 0, Optional.empty(), List.of(), 0, binding.encoded(),
                Optional.empty(), version);
    }

    /**
     * Begun again: a new secret and binding replace the pending ones; failures, lockout and the spent guess budget
     * are kept (no reset by re-begin).
     */
    Draft begunAgain(String newLabel, SealedSecret newSecret, TotpParameters newParameters, Instant now,
            Binding newBinding) {
        binding = newBinding.encoded();
        label = newLabel;
        secret = newSecret;
        parameters = newParameters;
        state = EnrollmentState.PENDING;
        createdAt = now;
        confirmedAt = Optional.empty();
        lastAcceptedStep = EnrollmentRecord.NO_STEP;
        recoveryCodes = List.of();
        flags = 0; // a secret made here: no longer imported, never legacy
        return this;
    }

    /**
     * Imported from another system: active at once with the old secret, its last used step or counter (or none)
     * and its recovery codes; failures and lockout cleared; flagged {@code IMPORTED}, and {@code LEGACY_SECRET} and
     * {@code HOTP} if asked.
     */
    Draft imported(String newLabel, SealedSecret newSecret, TotpParameters newParameters, Instant now,
            long lastStep, List<RecoveryCodeHash> hashes, boolean legacySecret, boolean hotp) {
        label = newLabel;
        secret = newSecret;
        parameters = newParameters;
        state = EnrollmentState.ACTIVE;
        createdAt = now;
        confirmedAt = Optional.of(now);
        lastAcceptedStep = lastStep;
        recoveryCodes = hashes;
        flags = EnrollmentRecord.IMPORTED | (legacySecret ? EnrollmentRecord.LEGACY_SECRET : 0)
                | (hotp ? EnrollmentRecord.HOTP : 0);
        binding = Optional.empty();
        budgetRestoredAt = Optional.empty();
        return cleared();
    }

    /** Confirmed with the code of {@code timeStep}: active, recovery codes issued, binding dropped, failures cleared. */
    Draft confirmed(Instant now, long timeStep, List<RecoveryCodeHash> hashes) {
        state = EnrollmentState.ACTIVE;
        confirmedAt = Optional.of(now);
        recoveryCodes = hashes;
        binding = Optional.empty();
        return accepted(timeStep);
    }

    /** A whole new set of recovery codes replaces the old one, used or not. */
    Draft recoveryCodesReplaced(List<RecoveryCodeHash> hashes) {
        recoveryCodes = hashes;
        return this;
    }

    /** A code of {@code timeStep} was accepted: it is the new replay-guard step; failures and lockout cleared. */
    Draft accepted(long timeStep) {
        lastAcceptedStep = timeStep;
        return cleared();
    }

    /** One more wrong code (saturating), the ramp's lockout it causes, and the guess budget it spends. */
    Draft failed(int failures, Optional<Instant> until, Instant budgetNowRestoredAt) {
        consecutiveFailures = failures;
        lockedUntil = until;
        budgetRestoredAt = Optional.of(budgetNowRestoredAt);
        return this;
    }

    /** Recovery code {@code index} spent; failures and lockout cleared. */
    Draft recoveryCodeUsed(int index) {
        List<RecoveryCodeHash> codes = new ArrayList<>(recoveryCodes);
        codes.set(index, codes.get(index).markUsed());
        recoveryCodes = codes;
        return cleared();
    }

    /**
     * No failures and no lockout of the ramp (any success). The guess budget is not refilled: a success must not
     * hand an attacker who knows the password new guesses (see {@link ThrottlingPolicy}).
     */
    Draft cleared() {
        consecutiveFailures = 0;
        lockedUntil = Optional.empty();
        return this;
    }

    /** An administrator's unlock: the ramp cleared and the guess budget whole again. */
    Draft unlocked() {
        budgetRestoredAt = Optional.empty();
        return cleared();
    }

    /**
     * Ticketed by an administrator: pending with a placeholder secret nobody sees, bound to the ticket only; failures,
     * lockout and the guess budget are kept.
     */
    Draft ticketed(SealedSecret placeholder, Instant now, Binding ticket) {
        label = Tickets.PLACEHOLDER_LABEL;
        secret = placeholder;
        state = EnrollmentState.PENDING;
        createdAt = now;
        confirmedAt = Optional.empty();
        lastAcceptedStep = EnrollmentRecord.NO_STEP;
        recoveryCodes = List.of();
        flags = 0;
        binding = ticket.encoded();
        return this;
    }

    Draft secret(SealedSecret newSecret) {
        secret = newSecret;
        return this;
    }

    /** The next version: every field as set, the version one more than the record this draft started from. */
    EnrollmentRecord next() {
        return new EnrollmentRecord(from.accountId(), label, secret, parameters, state, createdAt, confirmedAt,
                lastAcceptedStep, consecutiveFailures, lockedUntil, recoveryCodes, flags, binding, budgetRestoredAt,
                from.version() + 1);
    }
}
