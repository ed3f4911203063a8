package dev.kairos.spring;

import dev.kairos.mfa.BeginResult;
import dev.kairos.mfa.Confirmation;
import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Outcome;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one place where a refused {@link Outcome} becomes the sentence a user reads and the HTTP status of the page.
 * The outcomes are one family shared by every operation, so each is worded once; only what the user typed
 * ({@link Input}) changes the wording. Never a stack trace, never an echo of the typed code.
 */
final class Messages {

    /** A refusal as the page shows it. */
    record Refusal(int status, String message, boolean lockedOut) {
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

    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    static final String NOT_ENROLLED = "Two-step verification is not set up for this account.";
    static final String ALREADY_ACTIVE = "Two-step verification is already on for this account.";
    static final String NOT_STARTED = "This set-up has expired or was not started. Start again with a new QR code.";
    static final String OVERLONG = "That is far too long for a code.";

    private Messages() {
    }

    static Refusal overlong() {
        return new Refusal(400, OVERLONG, false);
    }

    /**
     * Words a refused outcome.
     *
     * @throws IllegalArgumentException if the outcome succeeded (there is nothing to refuse)
     */
    static Refusal of(Outcome outcome, Input input) {
        if (outcome instanceof Outcome.WrongCode) {
            return new Refusal(401, switch (input) {
                case CODE -> "That code is not right. Check the time on your phone and try again.";
                case RECOVERY_CODE -> "That recovery code is not right, or it was used already.";
                case CODE_OR_RECOVERY_CODE -> "That code or recovery code is not right.";
            }, false);
        } else if (outcome instanceof Outcome.Malformed) {
            return new Refusal(400, switch (input) {
                case CODE -> "That is not a code: enter the digits your authenticator app shows.";
                case RECOVERY_CODE -> "That is not a recovery code: it looks like XXXX-XXXX-XXXX-XXXX.";
                case CODE_OR_RECOVERY_CODE -> "Enter a code from your app or a recovery code.";
            }, false);
        } else if (outcome instanceof Outcome.Replayed) {
            return new Refusal(401, "That code was already used. Wait for the next code in your app.", false);
        } else if (outcome instanceof Outcome.LockedOut lockedOut) {
            return lockedOut(lockedOut);
        } else if (outcome instanceof Outcome.NotEnrolled) {
            return new Refusal(409, NOT_ENROLLED, false);
        } else if (outcome instanceof Outcome.StaleHandle) {
            return new Refusal(409, NOT_STARTED, false);
        } else if (outcome instanceof BeginResult.InProgress inProgress) {
            return new Refusal(409, "A set-up was started elsewhere and is still open until "
                    + UNTIL.format(inProgress.until()) + ". If that was not you, change your password.", false);
        } else if (outcome instanceof BeginResult.TicketRequired || outcome instanceof BeginResult.TicketRefused) {
            return new Refusal(403, "Setting up needs a valid enrollment ticket from your administrator.", false);
        } else if (outcome instanceof Confirmation.NotPending notPending) {
            return new Refusal(409, notPending.status() == EnrollmentStatus.ACTIVE ? ALREADY_ACTIVE : NOT_STARTED,
                    false);
        }
        throw new IllegalArgumentException("not a refusal: " + outcome);
    }

    /** A lockout; 429 because the client must wait, which is what Too Many Requests says (RFC 6585 §4). */
    static Refusal lockedOut(Outcome.LockedOut lockedOut) {
        String message = lockedOut instanceof Outcome.LockedOut.Until until
                ? "Too many wrong codes. Try again after " + UNTIL.format(until.until()) + "."
                : "Too many wrong codes. Use a recovery code, or ask support to unlock your account.";
        return new Refusal(429, message, true);
    }
}
