package dev.kairos.mfa;

import static dev.kairos.mfa.Updates.answer;

import dev.kairos.core.Secret;
import dev.kairos.core.Verification;
import dev.kairos.mfa.EnrollmentEvent.Type;
import dev.kairos.store.EnrollmentRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Proof of possession for the operations that change an active enrollment ({@link Disable},
 * {@link Regenerate}): a TOTP code (accepted once, refused during a lockout, counted when wrong) or an unused
 * recovery code (checked even during a lockout, not counted when wrong; an imported one is throttled like a TOTP
 * code). Each operation decides what a proof buys; the refusals are written here once.
 */
final class Possession {

    /** The input as typed, sorted before any store access: what it may be. */
    record Input(CharSequence typed, boolean totpCode, Optional<String> recovery, Optional<String> imported) {

        static Input of(CharSequence typed) {
            boolean totpCode = TypedCodes.mayBeCode(typed);
            // An imported scratch code may look like a TOTP code (GoogleAuth's are 8 digits): see prove.
            return new Input(typed, totpCode, totpCode ? Optional.empty() : RecoveryCodes.normalize(typed),
                    RecoveryCodes.normalizeImported(typed));
        }

        boolean malformed() {
            return !totpCode && recovery.isEmpty() && imported.isEmpty();
        }
    }

    /**
     * What proved possession.
     *
     * @param how for events, e.g. {@code "with a code"}
     * @param timeStep the accepted TOTP step (or HOTP counter), for the replay guard; empty for a recovery code
     * @param recoveryIndex the recovery code used, or -1 for a TOTP code
     * @param secret the opened secret (to re-seal), or null if it was not opened
     */
    record Proven(String how, OptionalLong timeStep, int recoveryIndex, Secret secret) {
    }

    private final Steps steps;

    Possession(Steps steps) {
        this.steps = steps;
    }

    /** Refuses or proves; on proof, {@code onProven} decides the write. */
    <T extends Outcome> Updates.Decision<T> prove(String accountId, Optional<EnrollmentRecord> found, Input in,
            Instant now, String act, Function<Proven, Updates.Decision<T>> onProven) {
        Optional<EnrollmentRecord> active = Steps.active(found);
        if (active.isEmpty()) {
            return steps.notEnrolled(accountId, now, act);
        }
        EnrollmentRecord r = active.get();
        boolean mayBeImported = in.imported().isPresent() && RecoveryCodes.hasImported(r.recoveryCodes());
        if (!in.totpCode() && in.recovery().isPresent()) {
            int index = RecoveryCodes.find(in.recovery().get(), r.recoveryCodes());
            if (index >= 0) {
                return onProven.apply(new Proven("with a recovery code", OptionalLong.empty(), index, null));
            }
        }
        if (!in.totpCode() && !mayBeImported) {
            if (in.recovery().isEmpty()) {
                return steps.malformedAnswer(accountId, act);
            }
            return steps.notCounted(r, now, act, "wrong or used recovery code");
        }
        // A TOTP code, or an imported recovery code: both are locked out and counted (see RecoveryCodes).
        Optional<Updates.Decision<T>> locked = steps.refuseIfLocked(r, now, act);
        if (locked.isPresent()) {
            return locked.get();
        }
        Secret secret = null;
        if (in.totpCode()) {
            secret = steps.open(r);
            Verification v = steps.check(r, secret, in.typed());
            if (v instanceof Verification.Accepted a) {
                return onProven.apply(new Proven("with a code", OptionalLong.of(a.timeStep()), -1, secret));
            }
            Verification.Reason reason = ((Verification.Rejected) v).reason();
            if (reason == Verification.Reason.REPLAYED) {
                steps.emit(Type.CODE_REFUSED, accountId, now, act + ": replayed code");
                @SuppressWarnings("unchecked") // both operations permit Replayed
                T replayed = (T) new Outcome.Replayed();
                return answer(replayed);
            }
            if (reason == Verification.Reason.WRONG_CODE) {
                return steps.failure(r, secret, now, act);
            }
            if (!mayBeImported) {
                return steps.malformedAnswer(accountId, act);
            }
        }
        int index = RecoveryCodes.find(in.imported().get(), r.recoveryCodes(), true);
        if (index >= 0) {
            return onProven.apply(new Proven("with an imported recovery code", OptionalLong.empty(), index, secret));
        }
        return steps.failure(r, secret, now, act + " (imported codes)");
    }
}
