package dev.kairos.mfa;

import static dev.kairos.mfa.Updates.replace;

import dev.kairos.mfa.EnrollmentEvent.Type;
import dev.kairos.store.EnrollmentRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * New recovery codes ({@link Enrollments#regenerateRecoveryCodes}): the user proves possession ({@link Possession}:
 * a current TOTP code, accepted once and recorded as the replay guard's step, or an unused recovery code), and a
 * whole new set replaces the old one in one compare-and-set: of two regenerations at once exactly one set survives
 * (the other's TOTP code is then a replay, its recovery code gone). Audited as
 * {@link Type#RECOVERY_CODES_REGENERATED}.
 */
final class Regenerate {

    private static final String ACT = "regenerate";

    private final Steps steps;
    private final Possession possession;

    Regenerate(Steps steps, Possession possession) {
        this.steps = steps;
        this.possession = possession;
    }

    RegenerationResult regenerate(String accountId, CharSequence codeOrRecoveryCode) {
        EnrollmentRecord.checkAccountId(accountId);
        Possession.Input in = Possession.Input.of(codeOrRecoveryCode);
        if (in.malformed()) {
            return steps.malformed(accountId, ACT, new Outcome.Malformed());
        }
        // Made and hashed once, on the first proof, and kept across lost compare-and-sets.
        List<RecoveryCodes.Issued> issued = new ArrayList<>(1);
        return steps.run(ACT, accountId, found -> {
            Instant now = steps.now();
            return possession.<RegenerationResult>prove(accountId, found, in, now, ACT, proven -> {
                EnrollmentRecord r = found.orElseThrow();
                if (issued.isEmpty()) {
                    issued.add(RecoveryCodes.issue(steps.s.recoveryCodeCount()));
                }
                Draft draft = Draft.of(r).recoveryCodesReplaced(issued.get(0).hashes())
                        .secret(steps.resealed(r, proven.secret()));
                proven.timeStep().ifPresent(draft::accepted);
                if (proven.timeStep().isEmpty()) {
                    draft.cleared(); // a recovery code is a success too (the budget is kept: see ThrottlingPolicy)
                }
                EnrollmentRecord next = draft.next();
                List<String> codes = issued.get(0).codes();
                return replace(r, next, () -> {
                    steps.emit(Type.RECOVERY_CODES_REGENERATED, accountId, now, codes.size() + " new recovery codes "
                            + proven.how() + "; the " + r.unusedRecoveryCodes() + " unused old ones no longer work");
                    return new RegenerationResult.Regenerated(codes);
                });
            });
        });
    }
}
