package dev.kairos.mfa;

import static dev.kairos.mfa.Updates.delete;

import dev.kairos.mfa.EnrollmentEvent.Type;
import dev.kairos.store.EnrollmentRecord;
import java.time.Instant;

/**
 * Disabling MFA ({@link Enrollments#disable}): the user proves possession ({@link Possession}) and the enrollment
 * is deleted. Audited as {@link Type#DISABLED}.
 */
final class Disable {

    private static final String ACT = "disable";

    private final Steps steps;
    private final Possession possession;

    Disable(Steps steps, Possession possession) {
        this.steps = steps;
        this.possession = possession;
    }

    DisableResult disable(String accountId, CharSequence codeOrRecoveryCode) {
        EnrollmentRecord.checkAccountId(accountId);
        Possession.Input in = Possession.Input.of(codeOrRecoveryCode);
        if (in.malformed()) {
            return steps.malformed(accountId, ACT, new Outcome.Malformed());
        }
        return steps.run(ACT, accountId, found -> {
            Instant now = steps.now();
            return possession.<DisableResult>prove(accountId, found, in, now, ACT, proven ->
                    delete(found.orElseThrow(), () -> {
                        steps.emit(Type.DISABLED, accountId, now, "disabled " + proven.how());
                        return new DisableResult.Disabled();
                    }));
        });
    }
}
