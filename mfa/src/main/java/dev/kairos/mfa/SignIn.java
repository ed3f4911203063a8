package dev.kairos.mfa;

import static dev.kairos.mfa.Updates.answer;
import static dev.kairos.mfa.Updates.replace;

import dev.kairos.core.Secret;
import dev.kairos.core.Verification;
import dev.kairos.mfa.EnrollmentEvent.Type;
import dev.kairos.store.EnrollmentRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * The sign-in: a TOTP (or HOTP) code checked after the password ({@link Enrollments#verify}, answered by a
 * {@link LoginCheck}, audited as {@link Type#SIGNED_IN}). Events call this act {@value #ACT}.
 */
final class SignIn {

    static final String ACT = "sign-in";

    private final Steps steps;

    SignIn(Steps steps) {
        this.steps = steps;
    }

    LoginCheck verify(String accountId, CharSequence code) {
        EnrollmentRecord.checkAccountId(accountId);
        if (!TypedCodes.mayBeCode(code)) {
            return steps.malformed(accountId, ACT, new Outcome.Malformed());
        }
        return steps.runSignIn(accountId, (found, cached) -> {
            Instant now = steps.now();
            Optional<EnrollmentRecord> active = Steps.active(found);
            // Every answer without a write is decided on a fresh read: a cached record may be out of date (unlocked,
            // re-enrolled or signed in on another server), and only a conditional write would prove it current.
            if (cached && (active.isEmpty() || steps.lockout(active.get(), now).isPresent())) {
                return new Updates.Reread<>();
            }
            if (active.isEmpty()) {
                return steps.notEnrolled(accountId, now, ACT);
            }
            EnrollmentRecord r = active.get();
            Optional<Updates.Decision<LoginCheck>> locked = steps.refuseIfLocked(r, now, ACT);
            if (locked.isPresent()) {
                return locked.get();
            }
            Secret secret = steps.open(r);
            Verification v = steps.check(r, secret, code);
            if (v instanceof Verification.Accepted a) {
                EnrollmentRecord next = Draft.of(r).accepted(a.timeStep()).secret(steps.resealed(r, secret)).next();
                return replace(r, next, () -> {
                    steps.emit(Type.SIGNED_IN, accountId, now, ACT + ": code accepted, drift " + a.drift()
                            + Steps.legacyNote(r, secret.length()));
                    return new LoginCheck.Accepted(a.timeStep(), a.drift());
                });
            }
            Verification.Reason reason = ((Verification.Rejected) v).reason();
            if (cached && reason != Verification.Reason.WRONG_CODE) {
                return new Updates.Reread<>();
            }
            switch (reason) {
                case MALFORMED:
                    return steps.malformedAnswer(accountId, ACT);
                case REPLAYED:
                    // The last accepted step only grows, so "replayed" read from this version stays true: no write.
                    steps.emit(Type.CODE_REFUSED, accountId, now, ACT + ": replayed code");
                    return answer(new Outcome.Replayed());
                default:
                    return steps.failure(r, secret, now, ACT);
            }
        });
    }
}
