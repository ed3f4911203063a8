package dev.kairos.mfa;

import static dev.kairos.mfa.Updates.insertOrReplace;

import dev.kairos.core.OtpAuthUri;
import dev.kairos.core.Secret;
import dev.kairos.core.TotpParameters;
import dev.kairos.mfa.EnrollmentEvent.Type;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.RecoveryCodeHash;
import dev.kairos.store.SealedSecret;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Importing an enrollment from another system ({@link Enrollments#importEnrollment}): active at once with the old
 * secret, its last used step or counter and its scratch codes (which share the TOTP codes' throttle and budget).
 * Audited as {@link Type#IMPORTED}.
 */
final class Import {

    private final Steps steps;

    Import(Steps steps) {
        this.steps = steps;
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
        // "None" is an empty OptionalLong, never the record's -1: a present step is a real one.
        if (lastUsedTimeStep.isPresent() && lastUsedTimeStep.getAsLong() < 0) {
            throw new IllegalArgumentException("lastUsedTimeStep must be a time step of 0 or more (or empty for none), "
                    + "got " + lastUsedTimeStep.getAsLong());
        }
        long lastStep = lastUsedTimeStep.orElse(EnrollmentRecord.NO_STEP);
        if (existingRecoveryCodes.size() > EnrollmentRecord.MAX_RECOVERY_CODES) {
            throw new IllegalArgumentException("at most " + EnrollmentRecord.MAX_RECOVERY_CODES
                    + " existing recovery codes can be imported, got " + existingRecoveryCodes.size());
        }
        List<RecoveryCodeHash> hashes = RecoveryCodes.hashImported(existingRecoveryCodes);
        SealedSecret sealed = steps.s.sealer().seal(accountId, secret);
        return steps.run("import", accountId, found -> {
            if (found.isPresent() && !replaceExisting) {
                throw new EnrollmentConflictException("account '" + accountId + "' already has an enrollment ("
                        + found.get().state() + "); import it with replaceExisting to overwrite it, or disable or reset"
                        + " it first", false);
            }
            Instant now = steps.now();
            EnrollmentRecord base = found.orElseGet(() -> Draft.first(accountId, label, sealed, parameters, now,
                    Binding.NONE, Steps.firstVersion()));
            EnrollmentRecord next = Draft.of(base)
                    .imported(label, sealed, parameters, now, lastStep, hashes, secret.isLegacy(), hotp).next();
            boolean replaced = found.isPresent();
            return insertOrReplace(found, next, () -> {
                steps.emit(Type.IMPORTED, accountId, now, (replaced ? "replaced the " + found.get().state()
                        + " enrollment; " : "") + "imported with " + hashes.size() + " existing recovery codes"
                        + Steps.legacyNote(next, secret.length()));
                return replaced;
            });
        });
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
}
