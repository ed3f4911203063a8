package dev.kairos.mfa;

import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentState;
import dev.kairos.store.SealedSecret;
import dev.kairos.store.RecoveryCodeHash;
import dev.kairos.store.InvalidAccountException;
import dev.kairos.core.ReplayGuard;
import dev.kairos.core.Secret;
import dev.kairos.core.SkewWindow;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.core.TotpVerifier;
import dev.kairos.core.Verification;
import dev.kairos.mfa.EnrollmentEvent.Operation;
import dev.kairos.mfa.EnrollmentEvent.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The MFA enrollment lifecycle on an {@link EnrollmentStore}: begin → confirm → verify at every login →
 * recover with a recovery code → disable.
 *
 * <pre>{@code
 * Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").sealWith(keyRing).build();
 * PendingEnrollment p = mfa.begin("alice", "alice@acme.test");   // show p.manualEntryKey() and the QR code
 * Confirmation c = mfa.confirm("alice", "123456");               // c.recoveryCodes(): show them once
 * LoginCheck r = mfa.verify("alice", "654321");                  // at every login, after the password
 * }</pre>
 *
 * <p><b>One compare-and-set per change.</b> Each operation reads the record, decides, and writes the whole next
 * version with one {@link EnrollmentStore#replaceIfVersion} (or insert, or delete). The replay guard (the last
 * accepted time step), the failure counter and the lockout live in the record, so the check and the record are
 * one atomic step across every server sharing the store: of N servers given the same valid code at once, exactly
 * one accepts it, and N concurrent wrong codes raise the counter by exactly N. A lost race is retried from a fresh
 * read, at most {@link Builder#maxAttempts(int)} times (default 16), then {@link
 * ConcurrentEnrollmentUpdateException}.
 *
 * <p><b>Errors.</b> A null, blank, overlong or otherwise invalid account id is an {@link InvalidAccountException}.
 * A code is never an exception: malformed, wrong, replayed and locked-out codes are results. A stored secret that
 * cannot be opened is a {@link SealedSecretException}. Nothing is written when an operation throws.
 *
 * <p>Immutable and thread-safe.
 */
public final class Enrollments {

    private static final System.Logger LOG = System.getLogger(Enrollments.class.getName());

    private final EnrollmentStore store;
    private final String issuer;
    private final TotpParameters parameters;
    private final SkewWindow window;
    private final Clock clock;
    private final ThrottlingPolicy throttling;
    private final SecretSealer sealer;
    private final int recoveryCodeCount;
    private final Duration pendingLifetime;
    private final EnrollmentListener listener;
    private final int maxAttempts;

    private Enrollments(Builder b) {
        this.store = b.store;
        this.issuer = b.issuer;
        this.parameters = b.parameters;
        this.window = b.window;
        this.clock = b.clock;
        this.throttling = b.throttling;
        this.sealer = b.keyRing != null ? SecretSealer.with(b.keyRing) : SecretSealer.unsealed();
        this.recoveryCodeCount = b.recoveryCodeCount;
        this.pendingLifetime = b.pendingLifetime;
        this.listener = b.listener;
        this.maxAttempts = b.maxAttempts;
    }

    /**
     * Starts a builder. Choosing {@link Builder#issuer(String)} and either {@link Builder#sealWith(KeyRing)} or
     * {@link Builder#unsealed()} is required.
     *
     * @param store where enrollments are kept
     * @return a new builder
     * @throws NullPointerException if {@code store} is null
     */
    public static Builder builder(EnrollmentStore store) {
        return new Builder(store);
    }

    // ------------------------------------------------------------------------------------------------ begin

    /**
     * Begins an enrollment: creates a new 160-bit secret and stores it as pending. Calling it again before the
     * confirmation replaces the pending secret with a new one (the failure count is kept).
     *
     * @param accountId the host's account id
     * @param label the account name shown in the app, e.g. the user's e-mail address (no {@code ':'})
     * @return the pending enrollment, with the key and the URI to show
     * @throws InvalidAccountException if the account id or label is null, blank, longer than 256 characters, has
     *     leading or trailing whitespace or a control character (or the label a {@code ':'})
     * @throws AlreadyEnrolledException if the account has active MFA (disable or reset it first)
     * @throws ConcurrentEnrollmentUpdateException if other requests kept changing the record
     */
    public PendingEnrollment begin(String accountId, String label) {
        EnrollmentRecord.checkAccountId(accountId);
        EnrollmentRecord.checkLabel(label);
        Secret secret = Secret.generate();
        SealedSecret sealed = sealer.seal(accountId, secret);
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            Instant now = clock.instant();
            Optional<EnrollmentRecord> existing = store.find(accountId);
            if (existing.isPresent() && existing.get().state() == EnrollmentState.ACTIVE) {
                throw new AlreadyEnrolledException("account '" + accountId + "' already has active MFA; disable it "
                        + "(with a code or a recovery code) or reset it before enrolling again");
            }
            int failures = existing.map(EnrollmentRecord::consecutiveFailures).orElse(0);
            Optional<Instant> lockedUntil = existing.flatMap(EnrollmentRecord::lockedUntil);
            long version = existing.map(r -> r.version() + 1).orElseGet(Enrollments::firstVersion);
            EnrollmentRecord record = new EnrollmentRecord(accountId, label, sealed, parameters,
                    EnrollmentState.PENDING, now, Optional.empty(), EnrollmentRecord.NO_STEP, failures, lockedUntil,
                    List.of(), version);
            boolean written = existing.isPresent()
                    ? store.replaceIfVersion(existing.get().version(), record)
                    : store.insertIfAbsent(record);
            if (written) {
                Instant expiresAt = record.createdAt().plus(pendingLifetime);
                emit(new EnrollmentEvent.Begun(accountId, now, expiresAt));
                return new PendingEnrollment(accountId, label, issuer, secret, parameters, expiresAt);
            }
        }
        throw conflict("begin", accountId);
    }

    /**
     * The first version of a new record: random, so that a record deleted and created again never repeats a
     * version a slow server may still hold (see {@link EnrollmentStore}, "Versions").
     */
    private static long firstVersion() {
        return ThreadLocalRandom.current().nextLong(1, 1L << 62);
    }

    // ------------------------------------------------------------------------------------------------ confirm

    /**
     * Confirms a pending enrollment with a code from the user's app: MFA becomes active and recovery codes are
     * issued. The code's time step is recorded, so the same code cannot then be used to log in.
     *
     * @param accountId the host's account id
     * @param code the code the user typed; anything but exactly {@code digits} ASCII digits is
     *     {@link Confirmation.Malformed}
     * @return {@link Confirmation.Confirmed} with the recovery codes to show once, or why not
     * @throws InvalidAccountException if the account id is invalid
     * @throws SealedSecretException if the stored secret cannot be opened (nothing is changed)
     * @throws ConcurrentEnrollmentUpdateException if other requests kept changing the record
     */
    public Confirmation confirm(String accountId, CharSequence code) {
        EnrollmentRecord.checkAccountId(accountId);
        List<String> codes = null;
        List<RecoveryCodeHash> hashes = null;
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            Instant now = clock.instant();
            Optional<EnrollmentRecord> found = store.find(accountId);
            if (found.isEmpty() || found.get().state() == EnrollmentState.ACTIVE) {
                refused(accountId, now, Operation.CONFIRM, Refusal.NOT_ENROLLED, found);
                return new Confirmation.NotPending(
                        found.isEmpty() ? EnrollmentStatus.NOT_ENROLLED : EnrollmentStatus.ACTIVE);
            }
            EnrollmentRecord r = found.get();
            Instant expiresAt = r.createdAt().plus(pendingLifetime);
            if (!now.isBefore(expiresAt)) {
                refused(accountId, now, Operation.CONFIRM, Refusal.EXPIRED, found);
                return new Confirmation.Expired(expiresAt);
            }
            Optional<Optional<Instant>> lock = totpLock(r, now);
            if (lock.isPresent()) {
                refused(accountId, now, Operation.CONFIRM, Refusal.LOCKED_OUT, found);
                return new Confirmation.LockedOut(lock.get());
            }
            Secret secret = sealer.open(accountId, r.secret());
            Verification v = check(r, secret, code);
            if (v instanceof Verification.Accepted a) {
                if (codes == null) {
                    codes = RecoveryCodes.generate(recoveryCodeCount);
                    hashes = new ArrayList<>(codes.size());
                    for (String c : codes) {
                        hashes.add(RecoveryCodes.hash(RecoveryCodes.normalize(c).orElseThrow()));
                    }
                }
                EnrollmentRecord next = new EnrollmentRecord(accountId, r.label(), resealed(r, secret),
                        r.parameters(), EnrollmentState.ACTIVE, r.createdAt(), Optional.of(now), a.timeStep(), 0,
                        Optional.empty(), hashes, r.version() + 1);
                if (store.replaceIfVersion(r.version(), next)) {
                    emit(new EnrollmentEvent.Confirmed(accountId, now, codes.size()));
                    return new Confirmation.Confirmed(codes);
                }
                continue;
            }
            Verification.Reason reason = ((Verification.Rejected) v).reason();
            if (reason != Verification.Reason.WRONG_CODE) {
                // MALFORMED (REPLAYED cannot happen before any step was accepted): not a guess, nothing written.
                refused(accountId, now, Operation.CONFIRM, Refusal.MALFORMED, found);
                return new Confirmation.Malformed();
            }
            Optional<EnrollmentRecord> failed = recordFailure(r, secret, now, Operation.CONFIRM);
            if (failed.isPresent()) {
                EnrollmentRecord f = failed.get();
                return f.lockedUntil().isPresent() || throttling.atHardCap(f.consecutiveFailures())
                        ? new Confirmation.LockedOut(totpLock(f, now).orElse(f.lockedUntil()))
                        : new Confirmation.WrongCode(f.consecutiveFailures());
            }
        }
        throw conflict("confirm", accountId);
    }

    // ------------------------------------------------------------------------------------------------ verify

    /**
     * Checks a code at login. A right code is accepted only if its time step is later than every step accepted
     * before for the account (RFC 6238 §5.2), and the step is recorded in the same compare-and-set.
     *
     * @param accountId the host's account id
     * @param code the code the user typed; anything but exactly {@code digits} ASCII digits (null included) is
     *     {@link LoginCheck.Malformed}
     * @return the answer: accepted (with drift), wrong code, malformed, replayed, locked out until an instant, or
     *     not enrolled
     * @throws InvalidAccountException if the account id is invalid
     * @throws SealedSecretException if the stored secret cannot be opened (nothing is changed)
     * @throws ConcurrentEnrollmentUpdateException if other requests kept changing the record
     */
    public LoginCheck verify(String accountId, CharSequence code) {
        EnrollmentRecord.checkAccountId(accountId);
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            Instant now = clock.instant();
            Optional<EnrollmentRecord> found = store.find(accountId);
            if (found.isEmpty() || found.get().state() != EnrollmentState.ACTIVE) {
                refused(accountId, now, Operation.LOGIN, Refusal.NOT_ENROLLED, found);
                return new LoginCheck.NotEnrolled();
            }
            EnrollmentRecord r = found.get();
            Optional<Optional<Instant>> lock = totpLock(r, now);
            if (lock.isPresent()) {
                refused(accountId, now, Operation.LOGIN, Refusal.LOCKED_OUT, found);
                return new LoginCheck.LockedOut(lock.get());
            }
            Secret secret = sealer.open(accountId, r.secret());
            Verification v = check(r, secret, code);
            if (v instanceof Verification.Accepted a) {
                if (store.replaceIfVersion(r.version(), succeeded(r, secret, a.timeStep()))) {
                    emit(new EnrollmentEvent.CodeAccepted(accountId, now, Operation.LOGIN, a.drift()));
                    return new LoginCheck.Accepted(a.timeStep(), a.drift());
                }
                continue;
            }
            switch (((Verification.Rejected) v).reason()) {
                case MALFORMED:
                    refused(accountId, now, Operation.LOGIN, Refusal.MALFORMED, found);
                    return new LoginCheck.Malformed();
                case REPLAYED:
                    // The last accepted step only grows, so "replayed" read from this version stays true: no write.
                    refused(accountId, now, Operation.LOGIN, Refusal.REPLAYED, found);
                    return new LoginCheck.Replayed();
                default:
                    Optional<EnrollmentRecord> failed = recordFailure(r, secret, now, Operation.LOGIN);
                    if (failed.isPresent()) {
                        EnrollmentRecord f = failed.get();
                        Optional<Optional<Instant>> newLock = totpLock(f, now);
                        return newLock.isPresent()
                                ? new LoginCheck.LockedOut(newLock.get())
                                : new LoginCheck.WrongCode(f.consecutiveFailures());
                    }
            }
        }
        throw conflict("verify", accountId);
    }

    // ------------------------------------------------------------------------------------------------ recover

    /**
     * Signs in with a recovery code instead of a TOTP code (a lost or reset phone). Each recovery code is accepted
     * once. A success resets the failure count and lifts any lockout, the hard-cap one included; MFA stays
     * active. Recovery codes are checked even at the hard cap, but not during a timed lockout.
     *
     * @param accountId the host's account id
     * @param recoveryCode the code as typed: case, spaces and {@code '-'} do not matter
     * @return {@link RecoveryResult.Recovered} with the codes left, or why not
     * @throws InvalidAccountException if the account id is invalid
     * @throws SealedSecretException if the secret must be re-sealed (it was sealed with a retired key) and cannot
     *     be opened
     * @throws ConcurrentEnrollmentUpdateException if other requests kept changing the record
     */
    public RecoveryResult recover(String accountId, CharSequence recoveryCode) {
        EnrollmentRecord.checkAccountId(accountId);
        Optional<String> normalized = RecoveryCodes.normalize(recoveryCode);
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            Instant now = clock.instant();
            Optional<EnrollmentRecord> found = store.find(accountId);
            if (found.isEmpty() || found.get().state() != EnrollmentState.ACTIVE) {
                refused(accountId, now, Operation.RECOVERY, Refusal.NOT_ENROLLED, found);
                return new RecoveryResult.NotEnrolled();
            }
            EnrollmentRecord r = found.get();
            Optional<Instant> lock = timedLock(r, now);
            if (lock.isPresent()) {
                refused(accountId, now, Operation.RECOVERY, Refusal.LOCKED_OUT, found);
                return new RecoveryResult.LockedOut(lock);
            }
            if (normalized.isEmpty()) {
                refused(accountId, now, Operation.RECOVERY, Refusal.MALFORMED, found);
                return new RecoveryResult.Malformed();
            }
            int index = findRecoveryCode(r, normalized.get());
            if (index >= 0) {
                EnrollmentRecord next = recoveryUsed(r, index);
                if (store.replaceIfVersion(r.version(), next)) {
                    emit(new EnrollmentEvent.RecoveryCodeUsed(accountId, now, next.unusedRecoveryCodes()));
                    return new RecoveryResult.Recovered(next.unusedRecoveryCodes());
                }
                continue;
            }
            Optional<EnrollmentRecord> failed = recordFailure(r, null, now, Operation.RECOVERY);
            if (failed.isPresent()) {
                EnrollmentRecord f = failed.get();
                return f.lockedUntil().isPresent()
                        ? new RecoveryResult.LockedOut(f.lockedUntil())
                        : new RecoveryResult.WrongCode(f.consecutiveFailures());
            }
        }
        throw conflict("recover", accountId);
    }

    // ------------------------------------------------------------------------------------------------ disable

    /**
     * Disables MFA for an account whose user proves possession with a TOTP code (accepted once, like at login) or
     * an unused recovery code. The enrollment is deleted; the account can enroll again.
     *
     * @param accountId the host's account id
     * @param codeOrRecoveryCode a TOTP code (only ASCII digits) or a recovery code (as typed)
     * @return {@link DisableResult.Disabled}, or why not
     * @throws InvalidAccountException if the account id is invalid
     * @throws SealedSecretException if a TOTP code was given and the stored secret cannot be opened
     * @throws ConcurrentEnrollmentUpdateException if other requests kept changing the record
     */
    // Optional<Optional<Instant>> on purpose: outer = locked out or not, inner empty = until unlock (hard cap).
    @SuppressWarnings("OptionalMapToOptional")
    public DisableResult disable(String accountId, CharSequence codeOrRecoveryCode) {
        EnrollmentRecord.checkAccountId(accountId);
        boolean totpCode = codeOrRecoveryCode != null && codeOrRecoveryCode.length() > 0
                && codeOrRecoveryCode.chars().allMatch(c -> c >= '0' && c <= '9');
        Optional<String> recovery = totpCode ? Optional.empty() : RecoveryCodes.normalize(codeOrRecoveryCode);
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            Instant now = clock.instant();
            Optional<EnrollmentRecord> found = store.find(accountId);
            if (found.isEmpty() || found.get().state() != EnrollmentState.ACTIVE) {
                refused(accountId, now, Operation.DISABLE, Refusal.NOT_ENROLLED, found);
                return new DisableResult.NotEnrolled();
            }
            EnrollmentRecord r = found.get();
            Optional<Optional<Instant>> lock = totpCode ? totpLock(r, now) : timedLock(r, now).map(Optional::of);
            if (lock.isPresent()) {
                refused(accountId, now, Operation.DISABLE, Refusal.LOCKED_OUT, found);
                return new DisableResult.LockedOut(lock.get());
            }
            if (!totpCode && recovery.isEmpty()) {
                refused(accountId, now, Operation.DISABLE, Refusal.MALFORMED, found);
                return new DisableResult.Malformed();
            }
            Secret secret = null;
            boolean proven;
            if (totpCode) {
                secret = sealer.open(accountId, r.secret());
                Verification v = check(r, secret, codeOrRecoveryCode);
                if (v instanceof Verification.Rejected rejected
                        && rejected.reason() != Verification.Reason.WRONG_CODE) {
                    boolean malformed = rejected.reason() == Verification.Reason.MALFORMED;
                    refused(accountId, now, Operation.DISABLE, malformed ? Refusal.MALFORMED : Refusal.REPLAYED, found);
                    return malformed ? new DisableResult.Malformed() : new DisableResult.Replayed();
                }
                proven = v.isAccepted();
            } else {
                proven = findRecoveryCode(r, recovery.get()) >= 0;
            }
            if (proven) {
                if (store.deleteIfVersion(accountId, r.version())) {
                    emit(new EnrollmentEvent.Disabled(accountId, now, !totpCode));
                    return new DisableResult.Disabled();
                }
                continue;
            }
            Optional<EnrollmentRecord> failed = recordFailure(r, secret, now, Operation.DISABLE);
            if (failed.isPresent()) {
                EnrollmentRecord f = failed.get();
                Optional<Optional<Instant>> newLock = totpCode ? totpLock(f, now) : timedLock(f, now).map(Optional::of);
                return newLock.isPresent()
                        ? new DisableResult.LockedOut(newLock.get())
                        : new DisableResult.WrongCode(f.consecutiveFailures());
            }
        }
        throw conflict("disable", accountId);
    }

    // ------------------------------------------------------------------------------------------------ admin

    /**
     * Removes an account's enrollment, pending or active, without proof: for support staff who verified the
     * user another way. Audited as {@link EnrollmentEvent.Reset}.
     *
     * @param accountId the host's account id
     * @return true if an enrollment was removed; false if there was none
     * @throws InvalidAccountException if the account id is invalid
     * @throws ConcurrentEnrollmentUpdateException if other requests kept changing the record
     */
    public boolean reset(String accountId) {
        EnrollmentRecord.checkAccountId(accountId);
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            Optional<EnrollmentRecord> found = store.find(accountId);
            if (found.isEmpty()) {
                return false;
            }
            if (store.deleteIfVersion(accountId, found.get().version())) {
                emit(new EnrollmentEvent.Reset(accountId, clock.instant()));
                return true;
            }
        }
        throw conflict("reset", accountId);
    }

    /**
     * Clears an account's failure count and lockout (the hard-cap one included) without proof: for support staff.
     * Audited as {@link EnrollmentEvent.Unlocked}.
     *
     * @param accountId the host's account id
     * @return true if the account has an enrollment (now unlocked); false if it has none
     * @throws InvalidAccountException if the account id is invalid
     * @throws SealedSecretException if the secret must be re-sealed and cannot be opened
     * @throws ConcurrentEnrollmentUpdateException if other requests kept changing the record
     */
    public boolean unlock(String accountId) {
        EnrollmentRecord.checkAccountId(accountId);
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            Optional<EnrollmentRecord> found = store.find(accountId);
            if (found.isEmpty()) {
                return false;
            }
            EnrollmentRecord r = found.get();
            EnrollmentRecord next = new EnrollmentRecord(accountId, r.label(), resealed(r, null), r.parameters(),
                    r.state(), r.createdAt(), r.confirmedAt(), r.lastAcceptedStep(), 0, Optional.empty(),
                    r.recoveryCodes(), r.version() + 1);
            if (store.replaceIfVersion(r.version(), next)) {
                emit(new EnrollmentEvent.Unlocked(accountId, clock.instant()));
                return true;
            }
        }
        throw conflict("unlock", accountId);
    }

    /**
     * Tells whether an account uses MFA, e.g. to force the set-up wizard at first login.
     *
     * @param accountId the host's account id
     * @return {@link EnrollmentStatus#ACTIVE}, {@link EnrollmentStatus#PENDING} (begun, not expired) or
     *     {@link EnrollmentStatus#NOT_ENROLLED}
     * @throws InvalidAccountException if the account id is invalid
     */
    public EnrollmentStatus status(String accountId) {
        EnrollmentRecord.checkAccountId(accountId);
        Optional<EnrollmentRecord> found = store.find(accountId);
        if (found.isEmpty()) {
            return EnrollmentStatus.NOT_ENROLLED;
        }
        EnrollmentRecord r = found.get();
        if (r.state() == EnrollmentState.ACTIVE) {
            return EnrollmentStatus.ACTIVE;
        }
        return clock.instant().isBefore(r.createdAt().plus(pendingLifetime))
                ? EnrollmentStatus.PENDING
                : EnrollmentStatus.NOT_ENROLLED;
    }

    // ------------------------------------------------------------------------------------------------ internals

    /**
     * Checks a code with the core verifier. Its replay guard only answers "is this step later than the stored
     * one?"; the step is recorded by writing it into the next record version with the store's compare-and-set,
     * which is what makes the guard hold across servers.
     */
    private Verification check(EnrollmentRecord r, Secret secret, CharSequence code) {
        long lastAccepted = r.lastAcceptedStep();
        ReplayGuard laterThanStored = (credentialId, timeStep) -> timeStep > lastAccepted;
        TotpVerifier verifier = TotpVerifier.builder().clock(clock).window(window).replayGuard(laterThanStored).build();
        return verifier.verify(r.accountId(), Totp.of(secret, r.parameters()), code);
    }

    /** The lockout that stops TOTP codes now: empty optional inside = until unlock/reset/recovery. */
    @SuppressWarnings("OptionalMapToOptional") // nested on purpose, see the comment on disable()
    private Optional<Optional<Instant>> totpLock(EnrollmentRecord r, Instant now) {
        if (throttling.atHardCap(r.consecutiveFailures())) {
            return Optional.of(Optional.empty());
        }
        return timedLock(r, now).map(Optional::of);
    }

    /** The timed lockout in force now, if any. */
    private static Optional<Instant> timedLock(EnrollmentRecord r, Instant now) {
        return r.lockedUntil().filter(now::isBefore);
    }

    /**
     * Writes one more failure (and the lockout it causes) with a compare-and-set.
     *
     * @return the written record, or empty if the race was lost (the caller retries from a fresh read)
     */
    private Optional<EnrollmentRecord> recordFailure(EnrollmentRecord r, Secret secret, Instant now, Operation op) {
        int failures = r.consecutiveFailures() == Integer.MAX_VALUE ? Integer.MAX_VALUE : r.consecutiveFailures() + 1;
        Optional<Instant> lockedUntil = throttling.lockedUntil(failures, now);
        EnrollmentRecord next = new EnrollmentRecord(r.accountId(), r.label(), resealed(r, secret), r.parameters(),
                r.state(), r.createdAt(), r.confirmedAt(), r.lastAcceptedStep(), failures, lockedUntil,
                r.recoveryCodes(), r.version() + 1);
        if (!store.replaceIfVersion(r.version(), next)) {
            return Optional.empty();
        }
        emit(new EnrollmentEvent.CodeRefused(r.accountId(), now, op, Refusal.WRONG_CODE, failures));
        if (lockedUntil.isPresent()) {
            emit(new EnrollmentEvent.LockedOut(r.accountId(), now,
                    throttling.atHardCap(failures) ? Optional.empty() : lockedUntil, failures));
        }
        return Optional.of(next);
    }

    private EnrollmentRecord succeeded(EnrollmentRecord r, Secret secret, long timeStep) {
        return new EnrollmentRecord(r.accountId(), r.label(), resealed(r, secret), r.parameters(), r.state(),
                r.createdAt(), r.confirmedAt(), timeStep, 0, Optional.empty(), r.recoveryCodes(), r.version() + 1);
    }

    private EnrollmentRecord recoveryUsed(EnrollmentRecord r, int index) {
        List<RecoveryCodeHash> codes = new ArrayList<>(r.recoveryCodes());
        codes.set(index, codes.get(index).markUsed());
        return new EnrollmentRecord(r.accountId(), r.label(), resealed(r, null), r.parameters(), r.state(),
                r.createdAt(), r.confirmedAt(), r.lastAcceptedStep(), 0, Optional.empty(), codes, r.version() + 1);
    }

    /** Index of the unused recovery code that matches, or -1. Hashes every stored code, so timing shows nothing. */
    private static int findRecoveryCode(EnrollmentRecord r, String normalized) {
        int match = -1;
        List<RecoveryCodeHash> codes = r.recoveryCodes();
        for (int i = 0; i < codes.size(); i++) {
            boolean equal = RecoveryCodes.matches(normalized, codes.get(i));
            if (equal && !codes.get(i).used() && match < 0) {
                match = i;
            }
        }
        return match;
    }

    /** The secret as the next version stores it: sealed again with the primary key if an older key sealed it. */
    private SealedSecret resealed(EnrollmentRecord r, Secret opened) {
        if (!sealer.needsReseal(r.secret())) {
            return r.secret();
        }
        Secret secret = opened != null ? opened : sealer.open(r.accountId(), r.secret());
        return sealer.seal(r.accountId(), secret);
    }

    private void refused(String accountId, Instant now, Operation op, Refusal refusal,
            Optional<EnrollmentRecord> found) {
        emit(new EnrollmentEvent.CodeRefused(accountId, now, op, refusal,
                found.map(EnrollmentRecord::consecutiveFailures).orElse(0)));
    }

    private void emit(EnrollmentEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "enrollment listener failed on a "
                    + event.getClass().getSimpleName() + " event: " + e.getClass().getName());
        }
    }

    private ConcurrentEnrollmentUpdateException conflict(String operation, String accountId) {
        return new ConcurrentEnrollmentUpdateException(operation + " of account '" + accountId + "' lost the "
                + "store's compare-and-set " + maxAttempts + " times in a row to concurrent requests; nothing was "
                + "written by this call, retry later");
    }

    /**
     * Describes the service's configuration (never a key).
     *
     * @return e.g. {@code "Enrollments[issuer=ACME Corp, sealed with KeyRing[...], ...]"}
     */
    @Override
    public String toString() {
        return "Enrollments[issuer=" + issuer + ", " + sealer + ", parameters=" + parameters + ", window=" + window
                + ", throttling=" + throttling + ", store=" + store + "]";
    }

    /**
     * Builds {@link Enrollments}. Not thread-safe; the service it builds is.
     */
    public static final class Builder {
        private final EnrollmentStore store;
        private String issuer;
        private TotpParameters parameters = TotpParameters.defaults();
        private SkewWindow window = SkewWindow.of(1, 1);
        private Clock clock = Clock.systemUTC();
        private ThrottlingPolicy throttling = ThrottlingPolicy.defaults();
        private KeyRing keyRing;
        private boolean unsealed;
        private int recoveryCodeCount = 10;
        private Duration pendingLifetime = Duration.ofMinutes(30);
        private EnrollmentListener listener = event -> { };
        private int maxAttempts = 16;

        private Builder(EnrollmentStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * Sets the issuer: the service name authenticator apps show beside the account. Required.
         *
         * @param issuer e.g. {@code "ACME Corp"}: 1 to 256 characters, no {@code ':'}, not blank
         * @return this builder
         * @throws InvalidAccountException if the issuer breaks these rules
         */
        public Builder issuer(String issuer) {
            if (issuer == null) {
                throw new InvalidAccountException("issuer must not be null");
            }
            try {
                EnrollmentRecord.checkLabel(issuer);
            } catch (InvalidAccountException e) {
                throw new InvalidAccountException(e.getMessage().replace("account label", "issuer"));
            }
            this.issuer = issuer;
            return this;
        }

        /**
         * Sets the TOTP parameters of new enrollments (existing ones keep theirs).
         *
         * @param parameters default {@link TotpParameters#defaults()}: SHA1, 6 digits, 30 s, what every app
         *     supports
         * @return this builder
         * @throws NullPointerException if {@code parameters} is null
         * @throws IllegalArgumentException if the epoch is not the Unix epoch: the {@code otpauth://} format has
         *     no epoch parameter, so authenticator apps always count from 0
         */
        public Builder parameters(TotpParameters parameters) {
            Objects.requireNonNull(parameters, "parameters");
            if (!parameters.epoch().equals(Instant.EPOCH)) {
                throw new IllegalArgumentException("parameters must count from the Unix epoch (authenticator apps "
                        + "cannot be told another T0), got epoch " + parameters.epoch());
            }
            this.parameters = parameters;
            return this;
        }

        /**
         * Sets the skew window.
         *
         * @param window steps accepted before and after the current one; default {@code SkewWindow.of(1, 1)}
         * @return this builder
         * @throws NullPointerException if {@code window} is null
         */
        public Builder window(SkewWindow window) {
            this.window = Objects.requireNonNull(window, "window");
            return this;
        }

        /**
         * Sets the clock for time steps, lockouts and timestamps.
         *
         * @param clock default {@link Clock#systemUTC()}
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the throttling policy.
         *
         * @param throttling default {@link ThrottlingPolicy#defaults()}
         * @return this builder
         * @throws NullPointerException if {@code throttling} is null
         */
        public Builder throttling(ThrottlingPolicy throttling) {
            this.throttling = Objects.requireNonNull(throttling, "throttling");
            return this;
        }

        /**
         * Seals every secret with AES-GCM before it reaches the store, with the key ring's primary key; secrets
         * sealed with its other keys still open and are sealed again on their next write. Either this or
         * {@link #unsealed()} is required.
         *
         * @param keyRing the keys
         * @return this builder
         * @throws NullPointerException if {@code keyRing} is null
         * @throws IllegalStateException if {@link #unsealed()} was chosen
         */
        public Builder sealWith(KeyRing keyRing) {
            Objects.requireNonNull(keyRing, "keyRing");
            if (unsealed) {
                throw new IllegalStateException("unsealed() was already chosen; choose either sealWith(KeyRing) or "
                        + "unsealed(), not both");
            }
            this.keyRing = keyRing;
            return this;
        }

        /**
         * Stores secrets unsealed: whoever can read the store can generate every user's codes. Only for tests,
         * demos, or a store that encrypts on its own. Either this or {@link #sealWith(KeyRing)} is required.
         *
         * @return this builder
         * @throws IllegalStateException if {@link #sealWith(KeyRing)} was chosen
         */
        public Builder unsealed() {
            if (keyRing != null) {
                throw new IllegalStateException("sealWith(KeyRing) was already chosen; choose either "
                        + "sealWith(KeyRing) or unsealed(), not both");
            }
            this.unsealed = true;
            return this;
        }

        /**
         * Sets how many recovery codes a confirmation issues.
         *
         * @param count 8 to 100; default 10
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is out of range
         */
        public Builder recoveryCodeCount(int count) {
            if (count < 8 || count > EnrollmentRecord.MAX_RECOVERY_CODES) {
                throw new IllegalArgumentException("recoveryCodeCount must be from 8 to "
                        + EnrollmentRecord.MAX_RECOVERY_CODES + ", got " + count);
            }
            this.recoveryCodeCount = count;
            return this;
        }

        /**
         * Sets how long a begun enrollment can be confirmed.
         *
         * @param lifetime 1 minute to 7 days; default 30 minutes
         * @return this builder
         * @throws NullPointerException if {@code lifetime} is null
         * @throws IllegalArgumentException if {@code lifetime} is out of range
         */
        public Builder pendingLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.compareTo(Duration.ofMinutes(1)) < 0 || lifetime.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("pendingLifetime must be from 1 minute to 7 days, got " + lifetime);
            }
            this.pendingLifetime = lifetime;
            return this;
        }

        /**
         * Sets the listener that receives audit events.
         *
         * @param listener default: none
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder listener(EnrollmentListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets how many times an operation retries a lost compare-and-set before it gives up with
         * {@link ConcurrentEnrollmentUpdateException}.
         *
         * @param attempts 1 to 1000; default 16
         * @return this builder
         * @throws IllegalArgumentException if {@code attempts} is out of range
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 1000) {
                throw new IllegalArgumentException("maxAttempts must be from 1 to 1000, got " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Builds the service.
         *
         * @return the service
         * @throws IllegalStateException if no issuer was set, or neither {@link #sealWith(KeyRing)} nor
         *     {@link #unsealed()} was chosen
         */
        public Enrollments build() {
            if (issuer == null) {
                throw new IllegalStateException("set the issuer (the service name authenticator apps show), "
                        + "e.g. .issuer(\"ACME Corp\")");
            }
            if (keyRing == null && !unsealed) {
                throw new IllegalStateException("choose how secrets are stored: .sealWith(KeyRing) to encrypt them "
                        + "with AES-GCM (recommended), or .unsealed() to store them in the clear; there is no default");
            }
            return new Enrollments(this);
        }
    }
}
