package dev.kairos.spring;

import dev.kairos.mfa.Confirmation;
import dev.kairos.mfa.DisableResult;
import dev.kairos.mfa.LoginCheck;
import dev.kairos.mfa.RecoveryResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The one place where an operation's refusal becomes the sentence a user reads and the HTTP status of the page.
 * Every refusal of every operation is mapped here (and nowhere else), so a new result type changes this class only.
 * Never a stack trace, never an echo of the typed code.
 */
final class Messages {

    /** A refusal as the page shows it. */
    record Refusal(int status, String message, boolean lockedOut) {
    }

    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    static final String MALFORMED = "That is not a code: enter the digits your authenticator app shows.";
    static final String MALFORMED_RECOVERY = "That is not a recovery code: it looks like XXXX-XXXX-XXXX.";
    static final String WRONG = "That code is not right. Check the time on your phone and try again.";
    static final String WRONG_RECOVERY = "That recovery code is not right, or it was used already.";
    static final String REPLAYED = "That code was already used. Wait for the next code in your app.";
    static final String NOT_ENROLLED = "Two-step verification is not set up for this account.";
    static final String ALREADY_ACTIVE = "Two-step verification is already on for this account.";
    static final String OVERLONG = "That is far too long for a code.";

    private Messages() {
    }

    static Refusal overlong() {
        return new Refusal(400, OVERLONG, false);
    }

    static Refusal of(LoginCheck result) {
        if (result instanceof LoginCheck.WrongCode) {
            return wrong(WRONG);
        } else if (result instanceof LoginCheck.Malformed) {
            return malformed(MALFORMED);
        } else if (result instanceof LoginCheck.Replayed) {
            return new Refusal(401, REPLAYED, false);
        } else if (result instanceof LoginCheck.LockedOut l) {
            return lockedOut(l.until());
        } else if (result instanceof LoginCheck.NotEnrolled) {
            return new Refusal(409, NOT_ENROLLED, false);
        }
        throw new IllegalArgumentException("not a refusal: " + result);
    }

    static Refusal of(RecoveryResult result) {
        if (result instanceof RecoveryResult.WrongCode) {
            return wrong(WRONG_RECOVERY);
        } else if (result instanceof RecoveryResult.Malformed) {
            return malformed(MALFORMED_RECOVERY);
        } else if (result instanceof RecoveryResult.LockedOut l) {
            return lockedOut(l.until());
        } else if (result instanceof RecoveryResult.NotEnrolled) {
            return new Refusal(409, NOT_ENROLLED, false);
        }
        throw new IllegalArgumentException("not a refusal: " + result);
    }

    static Refusal of(Confirmation result) {
        if (result instanceof Confirmation.WrongCode) {
            return wrong(WRONG);
        } else if (result instanceof Confirmation.Malformed) {
            return malformed(MALFORMED);
        } else if (result instanceof Confirmation.LockedOut l) {
            return lockedOut(l.until());
        } else if (result instanceof Confirmation.Expired) {
            return new Refusal(409, "This set-up has expired. Start again with a new QR code.", false);
        } else if (result instanceof Confirmation.NotPending) {
            return new Refusal(409, ALREADY_ACTIVE_OR_NOT_STARTED, false);
        }
        throw new IllegalArgumentException("not a refusal: " + result);
    }

    static final String ALREADY_ACTIVE_OR_NOT_STARTED =
            "There is no set-up waiting for a code: it is already on, or it was not started.";

    static Refusal of(DisableResult result) {
        if (result instanceof DisableResult.WrongCode) {
            return wrong("That code or recovery code is not right.");
        } else if (result instanceof DisableResult.Malformed) {
            return malformed("Enter a code from your app or a recovery code.");
        } else if (result instanceof DisableResult.Replayed) {
            return new Refusal(401, REPLAYED, false);
        } else if (result instanceof DisableResult.LockedOut l) {
            return lockedOut(l.until());
        } else if (result instanceof DisableResult.NotEnrolled) {
            return new Refusal(409, NOT_ENROLLED, false);
        }
        throw new IllegalArgumentException("not a refusal: " + result);
    }

    private static Refusal wrong(String message) {
        return new Refusal(401, message, false);
    }

    private static Refusal malformed(String message) {
        return new Refusal(400, message, false);
    }

    private static Refusal lockedOut(Optional<Instant> until) {
        // 429: the client must wait, which is what Too Many Requests says (RFC 6585 §4).
        return new Refusal(429, until
                .map(u -> "Too many wrong codes. Try again after " + UNTIL.format(u) + ".")
                .orElse("Too many wrong codes. Use a recovery code, or ask support to unlock your account."), true);
    }
}
