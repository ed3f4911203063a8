package dev.kairos.mfa;

import static dev.kairos.mfa.Updates.answer;
import static dev.kairos.mfa.Updates.replace;

import dev.kairos.core.Secret;
import dev.kairos.core.Verification;
import dev.kairos.mfa.EnrollmentEvent.Type;
import dev.kairos.store.EnrollmentRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The confirmation of a set-up ({@link Enrollments#confirm}): the handle names the set-up, the code proves the app
 * has its secret. A handle that does not name the set-up in progress is {@link Outcome.StaleHandle}, never a counted
 * wrong code: whoever holds a stale handle was not guessing.
 */
final class Confirm {

    private static final String ACT = "confirm";

    private final Steps steps;

    Confirm(Steps steps) {
        this.steps = steps;
    }

    Confirmation confirm(String accountId, String handle, CharSequence code) {
        EnrollmentRecord.checkAccountId(accountId);
        if (!TypedCodes.mayBeCode(code)) {
            return steps.malformed(accountId, ACT, new Outcome.Malformed());
        }
        // Made and hashed on the first right code only (one PBKDF2 run per code), and kept across retries.
        List<RecoveryCodes.Issued> issued = new ArrayList<>(1);
        return steps.run(ACT, accountId, found -> {
            Instant now = steps.now();
            Optional<EnrollmentRecord> setUp = found.filter(r -> Begin.inProgress(steps, r, now));
            if (found.isPresent() && Tickets.ticketOnly(found.get())) {
                // An administrator's ticket replaced whatever set-up this handle named.
                return stale(accountId, now);
            }
            if (setUp.isEmpty()) {
                EnrollmentStatus status = Steps.active(found).isPresent()
                        ? EnrollmentStatus.ACTIVE : EnrollmentStatus.NOT_ENROLLED;
                steps.emit(Type.CODE_REFUSED, accountId, now, ACT + ": nothing pending (" + status + ")");
                return answer(new Confirmation.NotPending(status));
            }
            EnrollmentRecord r = setUp.get();
            if (!Binding.of(r).handleMatches(handle)) {
                return stale(accountId, now);
            }
            Optional<Updates.Decision<Confirmation>> locked = steps.refuseIfLocked(r, now, ACT);
            if (locked.isPresent()) {
                return locked.get();
            }
            Secret secret = steps.open(r);
            Verification v = steps.check(r, secret, code);
            if (v instanceof Verification.Accepted a) {
                if (issued.isEmpty()) {
                    issued.add(RecoveryCodes.issue(steps.s.recoveryCodeCount()));
                }
                List<String> codes = issued.get(0).codes();
                EnrollmentRecord next = Draft.of(r).confirmed(now, a.timeStep(), issued.get(0).hashes())
                        .secret(steps.resealed(r, secret)).next();
                return replace(r, next, () -> {
                    steps.emit(Type.CONFIRMED, accountId, now, codes.size() + " recovery codes issued");
                    return new Confirmation.Confirmed(codes);
                });
            }
            if (((Verification.Rejected) v).reason() != Verification.Reason.WRONG_CODE) {
                // MALFORMED (REPLAYED cannot happen before a step was accepted): not a guess, nothing written.
                return steps.malformedAnswer(accountId, ACT);
            }
            return steps.failure(r, secret, now, ACT);
        });
    }

    private Updates.Decision<Confirmation> stale(String accountId, Instant now) {
        steps.emit(Type.CODE_REFUSED, accountId, now, ACT + ": the handle does not name the set-up in progress "
                + "(started over, replaced, another account's or forged); not counted");
        return answer(new Outcome.StaleHandle());
    }
}
