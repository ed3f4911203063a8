package dev.kairos.mfa;

import static dev.kairos.mfa.Updates.answer;
import static dev.kairos.mfa.Updates.delete;
import static dev.kairos.mfa.Updates.insertOrReplace;
import static dev.kairos.mfa.Updates.replace;

import dev.kairos.core.Hotp;
import dev.kairos.core.HotpVerifier;
import dev.kairos.core.OtpAuthUri;
import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.core.Verification;
import dev.kairos.mfa.EnrollmentEvent.Type;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentState;
import dev.kairos.store.RecoveryCodeHash;
import dev.kairos.store.SealedSecret;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The lifecycle's logic behind {@link Enrollments}' documented methods: each operation is one decision per read,
 * run by {@link Updates#run}, and every record change is a {@link Draft} transition. Immutable and thread-safe.
 */
final class Operations {

    /** Counters a hardware token may run ahead of the stored one (button presses without a sign-in). */
    static final int HOTP_LOOK_AHEAD = 10;
    private static final HotpVerifier HOTP_VERIFIER = HotpVerifier.builder().lookAhead(HOTP_LOOK_AHEAD).build();

    private final Settings s;
    private final Optional<String> origin;

    Operations(Settings settings, Optional<String> origin) {
        this.s = settings;
        this.origin = origin;
    }

    PendingEnrollment begin(String accountId, String label) {
        EnrollmentRecord.checkAccountId(accountId);
        Labels.checkLabel(label);
        Secret secret = Secret.generate();
        SealedSecret sealed = s.sealer().seal(accountId, secret);
        return run("begin", accountId, found -> {
            if (found.isPresent() && found.get().state() == EnrollmentState.ACTIVE) {
                throw new EnrollmentConflictException("account '" + accountId + "' already has active MFA; disable it "
                        + "(with a code or a recovery code) or reset it before enrolling again", false);
            }
            Instant now = s.clock().instant();
            EnrollmentRecord next = found.isPresent()
                    ? Draft.of(found.get()).begunAgain(label, sealed, s.parameters(), now).next()
                    : Draft.first(accountId, label, sealed, s.parameters(), now, firstVersion());
            return insertOrReplace(found, next, () -> {
                Instant expiresAt = next.createdAt().plus(s.pendingLifetime());
                emit(Type.BEGUN, accountId, now, "pending until " + expiresAt);
                return new PendingEnrollment(accountId, label, s.issuer(), secret, s.parameters(), expiresAt);
            });
        });
    }

    /** Imports a TOTP enrollment, or with {@code hotp} a HOTP one whose last accepted counter is the "step". */
    boolean importEnrollment(String accountId, String label, Secret secret, TotpParameters parameters,
            OptionalLong lastUsedTimeStep, List<String> existingRecoveryCodes, boolean replaceExisting, boolean hotp) {
        EnrollmentRecord.checkAccountId(accountId);
        Labels.checkLabel(label);
        Objects.requireNonNull(secret, "secret");
        Labels.checkEpoch(parameters);
        Objects.requireNonNull(lastUsedTimeStep, "lastUsedTimeStep");
        Objects.requireNonNull(existingRecoveryCodes, "existingRecoveryCodes");
        long lastStep = lastUsedTimeStep.orElse(EnrollmentRecord.NO_STEP);
        if (lastStep < EnrollmentRecord.NO_STEP) {
            throw new IllegalArgumentException("lastUsedTimeStep must be a time step of 0 or more, got " + lastStep);
        }
        if (existingRecoveryCodes.size() > EnrollmentRecord.MAX_RECOVERY_CODES) {
            throw new IllegalArgumentException("at most " + EnrollmentRecord.MAX_RECOVERY_CODES
                    + " existing recovery codes can be imported, got " + existingRecoveryCodes.size());
        }
        List<RecoveryCodeHash> hashes = RecoveryCodes.hashImported(existingRecoveryCodes);
        SealedSecret sealed = s.sealer().seal(accountId, secret);
        return run("import", accountId, found -> {
            if (found.isPresent() && !replaceExisting) {
                throw new EnrollmentConflictException("account '" + accountId + "' already has an enrollment ("
                        + found.get().state() + "); import it with replaceExisting to overwrite it, or disable or reset"
                        + " it first", false);
            }
            Instant now = s.clock().instant();
            EnrollmentRecord base = found.orElseGet(() -> Draft.first(accountId, label, sealed, parameters, now,
                    firstVersion()));
            EnrollmentRecord next = Draft.of(base)
                    .imported(label, sealed, parameters, now, lastStep, hashes, secret.isLegacy(), hotp).next();
            boolean replaced = found.isPresent();
            return insertOrReplace(found, next, () -> {
                emit(Type.IMPORTED, accountId, now, (replaced ? "replaced the " + found.get().state()
                        + " enrollment; " : "") + "imported with " + hashes.size() + " existing recovery codes"
                        + legacyNote(next, secret.length()));
                return replaced;
            });
        });
    }

    /**
     * Checks a code against the record: TOTP against its last accepted step, or for a {@code HOTP} record (a
     * hardware token) within {@link #HOTP_LOOK_AHEAD} counters after its last accepted counter (RFC 4226 §7.4).
     * Either way the matched step or counter comes back in {@code Accepted.timeStep()}, the value the record keeps.
     * A HOTP code of a counter already used is {@code WRONG_CODE}, and counted: the verifier computes no earlier
     * codes, so it cannot tell a replay from a guess.
     */
    private Verification check(EnrollmentRecord r, Secret secret, CharSequence code) {
        if (r.hasFlag(EnrollmentRecord.HOTP)) {
            Hotp hotp = Hotp.of(secret, r.parameters().algorithm(), r.parameters().digits());
            return HOTP_VERIFIER.verify(hotp, code, r.lastAcceptedStep() + 1);
        }
        return s.verifier().verifyAfter(Totp.of(secret, r.parameters()), code, r.lastAcceptedStep());
    }

    /** Imports what an {@code otpauth://} URI describes: a TOTP enrollment, or a HOTP one at its counter. */
    boolean importEnrollment(String accountId, OtpAuthUri uri, List<String> existingRecoveryCodes,
            boolean replaceExisting) {
        Objects.requireNonNull(uri, "uri");
        if (uri.type() == OtpAuthUri.Type.TOTP) {
            return importEnrollment(accountId, uri.account(), uri.secret(), uri.totpParameters().orElseThrow(),
                    OptionalLong.empty(), existingRecoveryCodes, replaceExisting, false);
        }
        // The URI's counter is the next one the token will show; the record keeps the last accepted one. The
        // period of these parameters is unused for HOTP (see EnrollmentRecord.HOTP).
        long counter = uri.counter().orElseThrow();
        TotpParameters parameters = TotpParameters.defaults().withAlgorithm(uri.algorithm()).withDigits(uri.digits());
        return importEnrollment(accountId, uri.account(), uri.secret(), parameters,
                counter == 0 ? OptionalLong.empty() : OptionalLong.of(counter - 1), existingRecoveryCodes,
                replaceExisting, true);
    }

    /** Whether the account's enrollment, if any, uses a legacy (under 128-bit) secret. */
    boolean usesLegacySecret(String accountId) {
        EnrollmentRecord.checkAccountId(accountId);
        return s.store().find(accountId).map(r -> r.hasFlag(EnrollmentRecord.LEGACY_SECRET)).orElse(false);
    }

    /** The note events carry while a record's secret is a legacy one: the host should ask the user to re-enrol. */
    private static String legacyNote(EnrollmentRecord r, int secretBytes) {
        return r.hasFlag(EnrollmentRecord.LEGACY_SECRET) ? "; legacy " + secretBytes * 8 + "-bit secret: re-enrol" : "";
    }

    /**
     * The first version of a new record: random, so that a record deleted and created again never repeats a
     * version a slow server may still hold (see {@code EnrollmentStore}, "Versions").
     */
    private static long firstVersion() {
        return ThreadLocalRandom.current().nextLong(1, 1L << 62);
    }

    Confirmation confirm(String accountId, CharSequence code) {
        EnrollmentRecord.checkAccountId(accountId);
        if (!TypedCodes.mayBeCode(code)) {
            return malformed(accountId, "confirm", new Outcome.Malformed());
        }
        // Made and hashed on the first right code only (one PBKDF2 run per code), and kept across retries.
        List<RecoveryCodes.Issued> issued = new java.util.ArrayList<>(1);
        return run("confirm", accountId, found -> {
            Instant now = s.clock().instant();
            if (found.isEmpty() || found.get().state() == EnrollmentState.ACTIVE
                    || !now.isBefore(found.get().createdAt().plus(s.pendingLifetime()))) {
                EnrollmentStatus status = found.isPresent() && found.get().state() == EnrollmentState.ACTIVE
                        ? EnrollmentStatus.ACTIVE : EnrollmentStatus.NOT_ENROLLED;
                emit(Type.CODE_REFUSED, accountId, now, "confirm: nothing pending (" + status + ")");
                return answer(new Confirmation.NotPending(status));
            }
            EnrollmentRecord r = found.get();
            Optional<Outcome.LockedOut> lock = lockout(r, now);
            if (lock.isPresent()) {
                emit(Type.CODE_REFUSED, accountId, now, "confirm: locked out");
                return answer(lock.get());
            }
            Secret secret = s.sealer().open(accountId, r.secret());
            Verification v = check(r, secret, code);
            if (v instanceof Verification.Accepted a) {
                if (issued.isEmpty()) {
                    issued.add(RecoveryCodes.issue(s.recoveryCodeCount()));
                }
                List<String> codes = issued.get(0).codes();
                EnrollmentRecord next = Draft.of(r).confirmed(now, a.timeStep(), issued.get(0).hashes())
                        .secret(resealed(r, secret)).next();
                return replace(r, next, () -> {
                    emit(Type.CONFIRMED, accountId, now, codes.size() + " recovery codes issued");
                    return new Confirmation.Confirmed(codes);
                });
            }
            if (((Verification.Rejected) v).reason() != Verification.Reason.WRONG_CODE) {
                // MALFORMED (REPLAYED cannot happen before a step was accepted): not a guess, nothing written.
                return answer(malformed(accountId, "confirm", new Outcome.Malformed()));
            }
            return failure(r, secret, now, "confirm");
        });
    }

    LoginCheck verify(String accountId, CharSequence code) {
        EnrollmentRecord.checkAccountId(accountId);
        if (!TypedCodes.mayBeCode(code)) {
            return malformed(accountId, "login", new Outcome.Malformed());
        }
        return run("verify", accountId, found -> {
            Instant now = s.clock().instant();
            if (found.isEmpty() || found.get().state() != EnrollmentState.ACTIVE) {
                emit(Type.CODE_REFUSED, accountId, now, "login: not enrolled");
                return answer(new Outcome.NotEnrolled());
            }
            EnrollmentRecord r = found.get();
            Optional<Outcome.LockedOut> lock = lockout(r, now);
            if (lock.isPresent()) {
                emit(Type.CODE_REFUSED, accountId, now, "login: locked out");
                return answer(lock.get());
            }
            Secret secret = s.sealer().open(accountId, r.secret());
            Verification v = check(r, secret, code);
            if (v instanceof Verification.Accepted a) {
                EnrollmentRecord next = Draft.of(r).accepted(a.timeStep()).secret(resealed(r, secret)).next();
                return replace(r, next, () -> {
                    emit(Type.SIGNED_IN, accountId, now, "login: code accepted, drift " + a.drift()
                            + legacyNote(r, secret.length()));
                    return new LoginCheck.Accepted(a.timeStep(), a.drift());
                });
            }
            switch (((Verification.Rejected) v).reason()) {
                case MALFORMED:
                    return answer(malformed(accountId, "login", new Outcome.Malformed()));
                case REPLAYED:
                    // The last accepted step only grows, so "replayed" read from this version stays true: no write.
                    emit(Type.CODE_REFUSED, accountId, now, "login: replayed code");
                    return answer(new Outcome.Replayed());
                default:
                    return failure(r, secret, now, "login");
            }
        });
    }

    RecoveryResult recover(String accountId, CharSequence recoveryCode) {
        EnrollmentRecord.checkAccountId(accountId);
        Optional<String> normalized = RecoveryCodes.normalize(recoveryCode);
        Optional<String> imported = RecoveryCodes.normalizeImported(recoveryCode);
        if (normalized.isEmpty() && imported.isEmpty()) {
            return malformed(accountId, "recovery", new Outcome.Malformed());
        }
        return run("recover", accountId, found -> {
            Instant now = s.clock().instant();
            if (found.isEmpty() || found.get().state() != EnrollmentState.ACTIVE) {
                emit(Type.CODE_REFUSED, accountId, now, "recovery: not enrolled");
                return answer(new Outcome.NotEnrolled());
            }
            EnrollmentRecord r = found.get();
            // No lockout check and no failure count: recovery codes have 79 bits (see RecoveryCodes), so the real
            // user's way in stays open whatever an attacker who knows the password does.
            int index = normalized.isPresent() ? RecoveryCodes.find(normalized.get(), r.recoveryCodes()) : -1;
            if (index < 0 && imported.isPresent() && RecoveryCodes.hasImported(r.recoveryCodes())) {
                // Codes imported from another system have its entropy (GoogleAuth: 8 digits), so they are
                // throttled like TOTP codes: locked out with them, and a wrong one is counted (see RecoveryCodes).
                Optional<Outcome.LockedOut> lock = lockout(r, now);
                if (lock.isPresent()) {
                    emit(Type.CODE_REFUSED, accountId, now, "recovery: locked out (imported codes)");
                    return answer(lock.get());
                }
                index = RecoveryCodes.find(imported.get(), r.recoveryCodes(), true);
                if (index < 0) {
                    return failure(r, null, now, "recovery (imported codes)");
                }
            }
            if (index < 0) {
                if (normalized.isEmpty()) {
                    return answer(malformed(accountId, "recovery", new Outcome.Malformed()));
                }
                emit(Type.CODE_REFUSED, accountId, now, "recovery: wrong or used recovery code");
                return answer(new Outcome.WrongCode(0));
            }
            EnrollmentRecord next = Draft.of(r).recoveryCodeUsed(index).secret(resealed(r, null)).next();
            return replace(r, next, () -> {
                int remaining = next.unusedRecoveryCodes();
                emit(Type.RECOVERY_SIGN_IN, accountId, now, "recovery code used, " + remaining + " left; "
                        + (r.consecutiveFailures() > 0 ? r.consecutiveFailures() + " TOTP failures cleared; " : "")
                        + "warn the user");
                return new RecoveryResult.Recovered(remaining);
            });
        });
    }

    DisableResult disable(String accountId, CharSequence codeOrRecoveryCode) {
        EnrollmentRecord.checkAccountId(accountId);
        boolean totpCode = TypedCodes.mayBeCode(codeOrRecoveryCode);
        Optional<String> recovery = totpCode ? Optional.empty() : RecoveryCodes.normalize(codeOrRecoveryCode);
        // An imported scratch code may look like a TOTP code (GoogleAuth's are 8 digits): see below.
        Optional<String> imported = RecoveryCodes.normalizeImported(codeOrRecoveryCode);
        if (!totpCode && recovery.isEmpty() && imported.isEmpty()) {
            return malformed(accountId, "disable", new Outcome.Malformed());
        }
        return run("disable", accountId, found -> {
            Instant now = s.clock().instant();
            if (found.isEmpty() || found.get().state() != EnrollmentState.ACTIVE) {
                emit(Type.CODE_REFUSED, accountId, now, "disable: not enrolled");
                return answer(new Outcome.NotEnrolled());
            }
            EnrollmentRecord r = found.get();
            boolean mayBeImported = imported.isPresent() && RecoveryCodes.hasImported(r.recoveryCodes());
            if (!totpCode && recovery.isPresent() && RecoveryCodes.find(recovery.get(), r.recoveryCodes()) >= 0) {
                return delete(r, () -> disabled(accountId, now, "with a recovery code"));
            }
            if (!totpCode && !mayBeImported) {
                if (recovery.isEmpty()) {
                    return answer(malformed(accountId, "disable", new Outcome.Malformed()));
                }
                emit(Type.CODE_REFUSED, accountId, now, "disable: wrong or used recovery code");
                return answer(new Outcome.WrongCode(0));
            }
            // A TOTP code, or an imported recovery code: both are locked out and counted (see RecoveryCodes).
            Optional<Outcome.LockedOut> lock = lockout(r, now);
            if (lock.isPresent()) {
                emit(Type.CODE_REFUSED, accountId, now, "disable: locked out");
                return answer(lock.get());
            }
            Secret secret = null;
            if (totpCode) {
                secret = s.sealer().open(accountId, r.secret());
                Verification v = check(r, secret, codeOrRecoveryCode);
                if (v.isAccepted()) {
                    return delete(r, () -> disabled(accountId, now, "with a code"));
                }
                Verification.Reason reason = ((Verification.Rejected) v).reason();
                if (reason == Verification.Reason.REPLAYED) {
                    emit(Type.CODE_REFUSED, accountId, now, "disable: replayed code");
                    return answer(new Outcome.Replayed());
                }
                if (reason == Verification.Reason.WRONG_CODE || !mayBeImported) {
                    return reason == Verification.Reason.WRONG_CODE ? failure(r, secret, now, "disable")
                            : answer(malformed(accountId, "disable", new Outcome.Malformed()));
                }
            }
            if (RecoveryCodes.find(imported.get(), r.recoveryCodes(), true) >= 0) {
                return delete(r, () -> disabled(accountId, now, "with an imported recovery code"));
            }
            return failure(r, secret, now, "disable (imported codes)");
        });
    }

    private DisableResult disabled(String accountId, Instant now, String how) {
        emit(Type.DISABLED, accountId, now, "disabled " + how);
        return new DisableResult.Disabled();
    }

    boolean reset(String accountId, String adminId) {
        EnrollmentRecord.checkAccountId(accountId);
        String actor = EnrollmentEvent.admin(adminId);
        return run("reset", accountId, found -> found.isEmpty()
                ? answer(false)
                : delete(found.get(), () -> {
                    emit(Type.RESET, accountId, actor, "enrollment removed without proof");
                    return true;
                }));
    }

    boolean unlock(String accountId, String adminId) {
        EnrollmentRecord.checkAccountId(accountId);
        String actor = EnrollmentEvent.admin(adminId);
        return run("unlock", accountId, found -> {
            if (found.isEmpty()) {
                return answer(false);
            }
            EnrollmentRecord r = found.get();
            return replace(r, Draft.of(r).cleared().secret(resealed(r, null)).next(), () -> {
                emit(Type.UNLOCKED, accountId, actor, "failures (" + r.consecutiveFailures() + ") and lockout cleared");
                return true;
            });
        });
    }

    /** Seals the account's secret again with the primary key if an older key sealed it; true if it did. */
    boolean reseal(String accountId) {
        EnrollmentRecord.checkAccountId(accountId);
        return run("reseal", accountId, found -> {
            if (found.isEmpty() || !s.sealer().needsReseal(found.get().secret())) {
                return answer(false);
            }
            EnrollmentRecord r = found.get();
            String oldKey = r.secret().keyId();
            return replace(r, Draft.of(r).secret(resealed(r, null)).next(), () -> {
                emit(Type.RESEALED, accountId, EnrollmentEvent.SYSTEM, "sealed again: key " + oldKey + " -> "
                        + s.sealer().primaryKeyId());
                return true;
            });
        });
    }

    SignInStep signInStep(String accountId, boolean mfaRequired) {
        if (status(accountId) == EnrollmentStatus.ACTIVE) {
            return SignInStep.CODE;
        }
        return mfaRequired ? SignInStep.SET_UP : SignInStep.NONE;
    }

    EnrollmentStatus status(String accountId) {
        EnrollmentRecord.checkAccountId(accountId);
        Optional<EnrollmentRecord> found = s.store().find(accountId);
        if (found.isEmpty()) {
            return EnrollmentStatus.NOT_ENROLLED;
        }
        EnrollmentRecord r = found.get();
        if (r.state() == EnrollmentState.ACTIVE) {
            return EnrollmentStatus.ACTIVE;
        }
        return s.clock().instant().isBefore(r.createdAt().plus(s.pendingLifetime()))
                ? EnrollmentStatus.PENDING
                : EnrollmentStatus.NOT_ENROLLED;
    }

    Optional<Outcome.LockedOut> lockout(String accountId) {
        EnrollmentRecord.checkAccountId(accountId);
        return s.store().find(accountId).flatMap(r -> lockout(r, s.clock().instant()));
    }

    /** Counts, per key id, the records of the given accounts (no record: not counted); optionally re-seals first. */
    java.util.SortedMap<String, Integer> keyUsage(java.util.Collection<String> accountIds, boolean resealFirst) {
        java.util.SortedMap<String, Integer> usage = new java.util.TreeMap<>();
        for (String accountId : accountIds) {
            EnrollmentRecord.checkAccountId(accountId);
            if (resealFirst) {
                reseal(accountId);
            }
            s.store().find(accountId).ifPresent(r -> usage.merge(
                    r.secret().isSealed() ? r.secret().keyId() : "(unsealed)", 1, Integer::sum));
        }
        return java.util.Collections.unmodifiableSortedMap(usage);
    }

    Optional<Outcome.LockedOut> lockout(EnrollmentRecord r, Instant now) {
        if (s.throttling().atHardCap(r.consecutiveFailures())) {
            return Optional.of(new Outcome.LockedOut.UntilUnlocked());
        }
        return r.lockedUntil().filter(now::isBefore).map(Outcome.LockedOut.Until::new);
    }

    /** One more wrong code, written with the lockout it causes; the answer is the lockout or the count. */
    private <T extends Outcome> Updates.Decision<T> failure(EnrollmentRecord r, Secret secret, Instant now,
            String operation) {
        int failures = r.consecutiveFailures() == Integer.MAX_VALUE ? Integer.MAX_VALUE : r.consecutiveFailures() + 1;
        Optional<Instant> until = s.throttling().lockedUntil(failures, now);
        EnrollmentRecord next = Draft.of(r).failed(failures, until).secret(resealed(r, secret)).next();
        return replace(r, next, () -> {
            emit(Type.CODE_REFUSED, r.accountId(), now, operation + ": wrong code, " + failures + " in a row");
            Optional<Outcome.LockedOut> lock = lockout(next, now);
            lock.ifPresent(l -> emit(Type.LOCKED_OUT, r.accountId(), now, l instanceof Outcome.LockedOut.Until u
                    ? "TOTP codes locked until " + u.until() : "TOTP codes locked until unlocked (hard cap)"));
            @SuppressWarnings("unchecked") // every operation that counts failures permits both records
            T outcome = (T) lock.<Outcome>map(l -> l).orElseGet(() -> new Outcome.WrongCode(failures));
            return outcome;
        });
    }

    /** The secret as the next version stores it: sealed again with the primary key if an older key sealed it. */
    private SealedSecret resealed(EnrollmentRecord r, Secret opened) {
        return s.sealer().resealed(r.accountId(), r.secret(), opened);
    }

    /** Reports a malformed input within the audit limit (see {@link MalformedAudit}) and returns the answer. */
    private <T> T malformed(String accountId, String operation, T outcome) {
        Instant now = s.clock().instant();
        long earlier = s.malformedAudit().admit(accountId, now);
        if (earlier > 0) {
            emit(Type.MALFORMED_SUPPRESSED, accountId, now, earlier + " malformed inputs not reported one by one");
        }
        if (earlier >= 0) {
            emit(Type.CODE_REFUSED, accountId, now, operation + ": malformed input");
        }
        return outcome;
    }

    private <T> T run(String operation, String accountId,
            java.util.function.Function<Optional<EnrollmentRecord>, Updates.Decision<T>> decide) {
        return Updates.run(s.store(), s.maxAttempts(), operation, accountId, decide);
    }

    private void emit(Type type, String accountId, Instant at, String detail) {
        emit(type, accountId, EnrollmentEvent.user(accountId), at, detail);
    }

    private void emit(Type type, String accountId, String actor, String detail) {
        emit(type, accountId, actor, s.clock().instant(), detail);
    }

    private void emit(Type type, String accountId, String actor, Instant at, String detail) {
        EnrollmentEvent event = new EnrollmentEvent(type, accountId, at, actor, origin, detail);
        try {
            s.listener().accept(event);
        } catch (RuntimeException e) {
            Settings.LOG.log(System.Logger.Level.WARNING, "enrollment listener failed on a " + type + " event: "
                    + e.getClass().getName());
        }
    }
}
