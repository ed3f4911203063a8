package dev.kairos.mfa;

import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentState;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/** The read-only questions a host asks about an account: one read each, nothing written, no event. */
final class Queries {

    private final Steps steps;

    Queries(Steps steps) {
        this.steps = steps;
    }

    EnrollmentStatus status(String accountId) {
        EnrollmentRecord.checkAccountId(accountId);
        Optional<EnrollmentRecord> found = steps.s.store().find(accountId);
        if (found.isEmpty()) {
            return EnrollmentStatus.NOT_ENROLLED;
        }
        EnrollmentRecord r = found.get();
        if (r.state() == EnrollmentState.ACTIVE) {
            return EnrollmentStatus.ACTIVE;
        }
        // A record holding only an enrollment ticket has no set-up yet.
        return !Tickets.ticketOnly(r) && steps.now().isBefore(steps.pendingEnd(r))
                ? EnrollmentStatus.PENDING
                : EnrollmentStatus.NOT_ENROLLED;
    }

    SignInStep signInStep(String accountId, boolean mfaRequired) {
        if (status(accountId) == EnrollmentStatus.ACTIVE) {
            return SignInStep.CODE;
        }
        return mfaRequired ? SignInStep.SET_UP : SignInStep.NONE;
    }

    Optional<Outcome.LockedOut> lockout(String accountId) {
        EnrollmentRecord.checkAccountId(accountId);
        Instant now = steps.now();
        return steps.s.store().find(accountId).flatMap(r -> steps.lockout(r, now));
    }

    boolean usesLegacySecret(String accountId) {
        EnrollmentRecord.checkAccountId(accountId);
        return steps.s.store().find(accountId).map(r -> r.hasFlag(EnrollmentRecord.LEGACY_SECRET)).orElse(false);
    }

    OptionalInt remainingRecoveryCodes(String accountId) {
        EnrollmentRecord.checkAccountId(accountId);
        Optional<EnrollmentRecord> active = Steps.active(steps.s.store().find(accountId));
        return active.isPresent() ? OptionalInt.of(active.get().unusedRecoveryCodes()) : OptionalInt.empty();
    }
}
