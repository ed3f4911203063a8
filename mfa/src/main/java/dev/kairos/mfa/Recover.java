package dev.kairos.mfa;

import static dev.kairos.mfa.Updates.replace;

import dev.kairos.mfa.EnrollmentEvent.Type;
import dev.kairos.store.EnrollmentRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * A sign-in with a recovery code ({@link Enrollments#recover}): each code once; checked during every lockout and
 * never counted when wrong (79 bits), except codes imported from another system, which share the TOTP codes'
 * throttle and budget. Audited as {@link Type#RECOVERY_SIGN_IN}, and {@link Type#RECOVERY_CODES_LOW} when few are
 * left.
 */
final class Recover {

    private static final String ACT = "recovery";
    /** At or below this many unused codes, a recovery sign-in also raises {@link Type#RECOVERY_CODES_LOW}. */
    static final int FEW_LEFT = 3;

    private final Steps steps;

    Recover(Steps steps) {
        this.steps = steps;
    }

    RecoveryResult recover(String accountId, CharSequence recoveryCode) {
        EnrollmentRecord.checkAccountId(accountId);
        Optional<String> normalized = RecoveryCodes.normalize(recoveryCode);
        Optional<String> imported = RecoveryCodes.normalizeImported(recoveryCode);
        if (normalized.isEmpty() && imported.isEmpty()) {
            return steps.malformed(accountId, ACT, new Outcome.Malformed());
        }
        return steps.run("recover", accountId, found -> {
            Instant now = steps.now();
            Optional<EnrollmentRecord> active = Steps.active(found);
            if (active.isEmpty()) {
                return steps.notEnrolled(accountId, now, ACT);
            }
            EnrollmentRecord r = active.get();
            // No lockout check and no failure count: recovery codes have 79 bits (see RecoveryCodes), so the real
            // user's way in stays open whatever an attacker who knows the password does.
            int index = normalized.isPresent() ? RecoveryCodes.find(normalized.get(), r.recoveryCodes()) : -1;
            if (index < 0 && imported.isPresent() && RecoveryCodes.hasImported(r.recoveryCodes())) {
                // Codes imported from another system have its entropy (GoogleAuth: 8 digits), so they are
                // throttled like TOTP codes: locked out with them, and a wrong one is counted (see RecoveryCodes).
                Optional<Updates.Decision<RecoveryResult>> locked = steps.refuseIfLocked(r, now,
                        ACT + " (imported codes)");
                if (locked.isPresent()) {
                    return locked.get();
                }
                index = RecoveryCodes.find(imported.get(), r.recoveryCodes(), true);
                if (index < 0) {
                    return steps.failure(r, null, now, ACT + " (imported codes)");
                }
            }
            if (index < 0) {
                if (normalized.isEmpty()) {
                    return steps.malformedAnswer(accountId, ACT);
                }
                return steps.notCounted(r, now, ACT, "wrong or used recovery code");
            }
            EnrollmentRecord next = Draft.of(r).recoveryCodeUsed(index).secret(steps.resealed(r, null)).next();
            return replace(r, next, () -> {
                int remaining = next.unusedRecoveryCodes();
                steps.emit(Type.RECOVERY_SIGN_IN, accountId, now, "recovery code used, " + remaining + " left; "
                        + (r.consecutiveFailures() > 0 ? r.consecutiveFailures() + " TOTP failures cleared; " : "")
                        + "warn the user");
                warnIfFewLeft(steps, accountId, now, remaining);
                return new RecoveryResult.Recovered(remaining);
            });
        });
    }

    /** Raises {@link Type#RECOVERY_CODES_LOW} when {@code remaining} is {@value #FEW_LEFT} or fewer. */
    static void warnIfFewLeft(Steps steps, String accountId, Instant now, int remaining) {
        if (remaining <= FEW_LEFT) {
            steps.emit(Type.RECOVERY_CODES_LOW, accountId, now, remaining + " recovery codes left; offer new ones "
                    + "(regenerateRecoveryCodes)");
        }
    }
}
