package dev.kairos.spring;

import dev.kairos.mfa.BeginResult;
import dev.kairos.mfa.Confirmation;
import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Outcome;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Why the TOTP factor refused a request, as data: the pages word it ({@link Messages}), a JSON client reads the
 * reason, the HTTP status is the reason's. Never holds what the user typed.
 *
 * @param reason what went wrong
 * @param input what the user was asked to type (changes only the wording)
 * @param until for {@link Reason#LOCKED_OUT}: when codes are checked again; empty when only a recovery code or an
 *     administrator helps (and for every other reason)
 */
record Refusal(Reason reason, Input input, Optional<Instant> until) {

    /** What went wrong, each with the HTTP status it answers with. */
    enum Reason {
        /** A well-formed code that is not right (counted towards a lockout). */
        WRONG_CODE(401),
        /** Not a code at all: letters, wrong length, empty. Not counted. */
        MALFORMED(400),
        /** Longer than {@link TotpAuthenticationProvider#MAX_INPUT}: refused before it reaches Kairos. */
        OVERLONG(400),
        /** A right code whose time step was already used (RFC 6238 §5.2). */
        REPLAYED(401),
        /** Too many wrong codes; 429 because the client must wait (RFC 6585 §4). */
        LOCKED_OUT(429),
        /** The account has no active enrollment. */
        NOT_ENROLLED(409),
        /** A set-up was confirmed while the account already has an active enrollment. */
        ALREADY_ACTIVE(409),
        /** A set-up was confirmed that expired or was never begun. */
        NOT_STARTED(409),
        /** A set-up was confirmed whose handle is not this account's current set-up (superseded, expired, from
         *  another session): not counted as a wrong code. */
        STALE_SETUP(409),
        /** Another set-up of this account is in progress and was not replaced; {@code until} says when it expires. */
        SETUP_IN_PROGRESS(409),
        /** The host requires an enrollment ticket for this account and none was given. */
        TICKET_REQUIRED(403),
        /** The enrollment ticket given is wrong, expired, used or another account's. */
        TICKET_REFUSED(403),
        /** The password typed again for a recent sign-in is not the user's (the application's manager said so). */
        WRONG_PASSWORD(401),
        /** The account's name breaks the store's account id rules (e.g. a control character). */
        INVALID_ACCOUNT(400),
        /** Too many requests changed the account at once (a lost compare-and-set race): try again. */
        BUSY(503);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        /** The HTTP status of a response that carries this refusal. */
        int status() {
            return status;
        }
    }

    /** What the page asked the user to type. */
    enum Input {
        /** A TOTP code (sign-in, set-up). */
        CODE,
        /** A recovery code. */
        RECOVERY_CODE,
        /** Either (turning MFA off). */
        CODE_OR_RECOVERY_CODE
    }

    Refusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(until, "until");
    }

    /** A refusal without a time. */
    static Refusal of(Reason reason, Input input) {
        return new Refusal(reason, input, Optional.empty());
    }

    /**
     * The refusal of an outcome.
     *
     * @throws IllegalArgumentException if the outcome succeeded (there is nothing to refuse)
     */
    static Refusal of(Outcome outcome, Input input) {
        if (outcome instanceof Outcome.WrongCode) {
            return of(Reason.WRONG_CODE, input);
        } else if (outcome instanceof Outcome.Malformed) {
            return of(Reason.MALFORMED, input);
        } else if (outcome instanceof Outcome.Replayed) {
            return of(Reason.REPLAYED, input);
        } else if (outcome instanceof Outcome.LockedOut.Until lockedOut) {
            return new Refusal(Reason.LOCKED_OUT, input, Optional.of(lockedOut.until()));
        } else if (outcome instanceof Outcome.LockedOut.UntilUnlocked) {
            return of(Reason.LOCKED_OUT, input);
        } else if (outcome instanceof Outcome.NotEnrolled) {
            return of(Reason.NOT_ENROLLED, input);
        } else if (outcome instanceof Outcome.StaleHandle) {
            return of(Reason.STALE_SETUP, input);
        } else if (outcome instanceof BeginResult.InProgress inProgress) {
            return new Refusal(Reason.SETUP_IN_PROGRESS, input, Optional.of(inProgress.until()));
        } else if (outcome instanceof BeginResult.TicketRequired) {
            return of(Reason.TICKET_REQUIRED, input);
        } else if (outcome instanceof BeginResult.TicketRefused) {
            return of(Reason.TICKET_REFUSED, input);
        } else if (outcome instanceof Confirmation.NotPending notPending) {
            return of(notPending.status() == EnrollmentStatus.ACTIVE ? Reason.ALREADY_ACTIVE : Reason.NOT_STARTED,
                    input);
        }
        throw new IllegalArgumentException("not a refusal: " + outcome);
    }

    /** The HTTP status of a response that carries this refusal. */
    int status() {
        return reason.status();
    }

    /** Whether Spring Security should hear of it as a locked account rather than bad credentials. */
    boolean lockedOut() {
        return reason == Reason.LOCKED_OUT;
    }
}
