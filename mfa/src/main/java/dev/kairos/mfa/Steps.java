package dev.kairos.mfa;

import static dev.kairos.mfa.Updates.replace;

import dev.kairos.core.Hotp;
import dev.kairos.core.HotpVerifier;
import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.Verification;
import dev.kairos.mfa.EnrollmentEvent.Type;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentState;
import dev.kairos.store.SealedSecret;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The steps every operation shares, written once: the compare-and-set loop, the lockout check, counting a wrong code
 * (with the lockout and budget it causes), reporting malformed input within the audit limit, checking a code against
 * a record (TOTP or HOTP), re-sealing and the audit events. One per {@link Enrollments} view (it carries the view's
 * origin). Immutable and thread-safe.
 */
final class Steps {

    /** Counters a hardware token may run ahead of the stored one (button presses without a sign-in). */
    static final int HOTP_LOOK_AHEAD = 10;
    private static final HotpVerifier HOTP_VERIFIER = HotpVerifier.builder().lookAhead(HOTP_LOOK_AHEAD).build();

    final Settings s;
    private final Optional<String> origin;

    Steps(Settings settings, Optional<String> origin) {
        this.s = settings;
        this.origin = origin;
    }

    Instant now() {
        return s.clock().instant();
    }

    /** Runs an operation's decision in {@link Updates#run}, with this service's store, cache and retry limit. */
    <T> T run(String operation, String accountId, Function<Optional<EnrollmentRecord>, Updates.Decision<T>> decide) {
        return Updates.run(s.store(), s.signInCache(), s.maxAttempts(), operation, accountId, decide);
    }

    /**
     * Runs the sign-in's decision in {@link Updates#runCached}, on this service's cache of records: the decision's
     * second argument is true when the record came from the cache (then it must not answer: see
     * {@link Updates.Reread}).
     */
    <T> T runSignIn(String accountId, BiFunction<Optional<EnrollmentRecord>, Boolean, Updates.Decision<T>> decide) {
        return Updates.runCached(s.store(), s.signInCache(), s.maxAttempts(), "sign-in", accountId, decide);
    }

    /** The record if it is an active enrollment. */
    static Optional<EnrollmentRecord> active(Optional<EnrollmentRecord> found) {
        return found.filter(r -> r.state() == EnrollmentState.ACTIVE);
    }

    /**
     * Checks a code against the record: TOTP against its last accepted step, or for a {@code HOTP} record (a
     * hardware token) within {@link #HOTP_LOOK_AHEAD} counters after its last accepted counter (RFC 4226 §7.4).
     * Either way the matched step or counter comes back in {@code Accepted.timeStep()}, the value the record keeps.
     * A HOTP code of a counter already used is {@code WRONG_CODE}, and counted: the verifier computes no earlier
     * codes, so it cannot tell a replay from a guess.
     */
    Verification check(EnrollmentRecord r, Secret secret, CharSequence code) {
        if (r.hasFlag(EnrollmentRecord.HOTP)) {
            Hotp hotp = Hotp.of(secret, r.parameters().algorithm(), r.parameters().digits());
            return HOTP_VERIFIER.verify(hotp, code, r.lastAcceptedStep() + 1);
        }
        return s.verifier().verifyAfter(Totp.of(secret, r.parameters()), code, r.lastAcceptedStep());
    }

    /**
     * The lockout in force: the hard cap, else the later of the ramp's lockout and the spent budget's (see
     * {@link ThrottlingPolicy}), if it has not ended.
     */
    Optional<Outcome.LockedOut> lockout(EnrollmentRecord r, Instant now) {
        if (s.throttling().atHardCap(r.consecutiveFailures())) {
            return Optional.of(new Outcome.LockedOut.UntilUnlocked());
        }
        Optional<Instant> budget = s.throttling().budgetLockedUntil(r.budgetRestoredAt()).filter(now::isBefore);
        Optional<Instant> ramp = r.lockedUntil().filter(now::isBefore);
        Optional<Instant> until = budget.isPresent() && ramp.isPresent()
                ? Optional.of(budget.get().isAfter(ramp.get()) ? budget.get() : ramp.get())
                : budget.or(() -> ramp);
        return until.map(Outcome.LockedOut.Until::new);
    }

    /**
     * The refusal when codes are locked out now, reported as {@code "<act>: locked out"}; empty when codes may be
     * checked.
     */
    <T> Optional<Updates.Decision<T>> refuseIfLocked(EnrollmentRecord r, Instant now, String act) {
        Optional<Outcome.LockedOut> lock = lockout(r, now);
        if (lock.isEmpty()) {
            return Optional.empty();
        }
        emit(Type.CODE_REFUSED, r.accountId(), now, act + ": locked out");
        @SuppressWarnings("unchecked") // every operation that checks codes permits LockedOut
        T outcome = (T) lock.get();
        return Optional.of(Updates.answer(outcome));
    }

    /**
     * One more wrong code, written with the ramp's lockout and the spent budget it causes; the answer is the
     * lockout or the count.
     */
    <T> Updates.Decision<T> failure(EnrollmentRecord r, Secret secret, Instant now, String act) {
        int failures = r.consecutiveFailures() == Integer.MAX_VALUE ? Integer.MAX_VALUE : r.consecutiveFailures() + 1;
        Optional<Instant> until = s.throttling().lockedUntil(failures, now);
        Instant budget = s.throttling().budgetAfterGuess(r.budgetRestoredAt(), now);
        EnrollmentRecord next = Draft.of(r).failed(failures, until, budget).secret(resealed(r, secret)).next();
        return replace(r, next, () -> {
            emit(Type.CODE_REFUSED, r.accountId(), now, act + ": wrong code, " + failures + " in a row");
            Optional<Outcome.LockedOut> lock = lockout(next, now);
            lock.ifPresent(l -> emit(Type.LOCKED_OUT, r.accountId(), now, l instanceof Outcome.LockedOut.Until u
                    ? "TOTP codes locked until " + u.until() + (until.isEmpty() || until.get().isBefore(u.until())
                            ? " (daily guess budget spent)" : "")
                    : "TOTP codes locked until unlocked (hard cap)"));
            @SuppressWarnings("unchecked") // every operation that counts failures permits both records
            T outcome = (T) lock.<Outcome>map(l -> l).orElseGet(() -> new Outcome.WrongCode(failures));
            return outcome;
        });
    }

    /** The refusal for an account without active MFA, reported as {@code "<act>: not enrolled"}. */
    <T> Updates.Decision<T> notEnrolled(String accountId, Instant now, String act) {
        emit(Type.CODE_REFUSED, accountId, now, act + ": not enrolled");
        @SuppressWarnings("unchecked") // every operation on an active enrollment permits NotEnrolled
        T outcome = (T) new Outcome.NotEnrolled();
        return Updates.answer(outcome);
    }

    /** A refusal that was not a guess, with the record's real count (nothing written). */
    <T> Updates.Decision<T> notCounted(EnrollmentRecord r, Instant now, String act, String why) {
        emit(Type.CODE_REFUSED, r.accountId(), now, act + ": " + why);
        @SuppressWarnings("unchecked") // every operation that checks codes permits WrongCode
        T outcome = (T) new Outcome.WrongCode(r.consecutiveFailures());
        return Updates.answer(outcome);
    }

    /** The secret as the next version stores it: sealed again with the primary key if an older key sealed it. */
    SealedSecret resealed(EnrollmentRecord r, Secret opened) {
        return s.sealer().resealed(r.accountId(), r.secret(), opened);
    }

    Secret open(EnrollmentRecord r) {
        return s.sealer().open(r.accountId(), r.secret());
    }

    /** Reports a malformed input within the audit limit (see {@link MalformedAudit}) and returns the answer. */
    <T> T malformed(String accountId, String act, T outcome) {
        Instant now = now();
        long earlier = s.malformedAudit().admit(accountId, now);
        if (earlier > 0) {
            emit(Type.MALFORMED_SUPPRESSED, accountId, now, earlier + " malformed inputs not reported one by one");
        }
        if (earlier >= 0) {
            emit(Type.CODE_REFUSED, accountId, now, act + ": malformed input");
        }
        return outcome;
    }

    /** {@link #malformed} as a decision. */
    <T> Updates.Decision<T> malformedAnswer(String accountId, String act) {
        @SuppressWarnings("unchecked") // every operation that takes a code permits Malformed
        T outcome = (T) new Outcome.Malformed();
        return Updates.answer(malformed(accountId, act, outcome));
    }

    /** The note events carry while a record's secret is a legacy one: the host should ask the user to re-enrol. */
    static String legacyNote(EnrollmentRecord r, int secretBytes) {
        return r.hasFlag(EnrollmentRecord.LEGACY_SECRET) ? "; legacy " + secretBytes * 8 + "-bit secret: re-enrol" : "";
    }

    /**
     * The first version of a new record: random, so that a record deleted and created again never repeats a
     * version a slow server may still hold (see {@code EnrollmentStore}, "Versions").
     */
    static long firstVersion() {
        return ThreadLocalRandom.current().nextLong(1, 1L << 62);
    }

    /** The pending set-up's end: its creation plus the pending lifetime. */
    Instant pendingEnd(EnrollmentRecord r) {
        return r.createdAt().plus(s.pendingLifetime());
    }

    void emit(Type type, String accountId, Instant at, String detail) {
        emit(type, accountId, EnrollmentEvent.user(accountId), at, detail);
    }

    void emit(Type type, String accountId, String actor, Instant at, String detail) {
        EnrollmentEvent event = new EnrollmentEvent(type, accountId, at, actor, origin, detail);
        try {
            s.listener().accept(event);
        } catch (RuntimeException e) {
            Settings.LOG.log(System.Logger.Level.WARNING, "enrollment listener failed on a " + type + " event: "
                    + e.getClass().getName());
        }
    }
}
