package dev.kairos.spring;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one place where a {@link Refusal} becomes the sentence a user reads. Each reason is worded once; only what
 * the user typed ({@link Refusal.Input}) changes the wording. Never a stack trace, never an echo of the typed code.
 */
final class Messages {

    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Messages() {
    }

    /** The sentence for a refusal. */
    static String text(Refusal refusal) {
        return switch (refusal.reason()) {
            case WRONG_CODE -> switch (refusal.input()) {
                case CODE -> "That code is not right. Check the time on your phone and try again.";
                case RECOVERY_CODE -> "That recovery code is not right, or it was used already.";
                case CODE_OR_RECOVERY_CODE -> "That code or recovery code is not right.";
            };
            case MALFORMED -> switch (refusal.input()) {
                case CODE -> "That is not a code: enter the digits your authenticator app shows.";
                case RECOVERY_CODE -> "That is not a recovery code: it looks like XXXX-XXXX-XXXX-XXXX.";
                case CODE_OR_RECOVERY_CODE -> "Enter a code from your app or a recovery code.";
            };
            case OVERLONG -> "That is far too long for a code.";
            case REPLAYED -> "That code was already used. Wait for the next code in your app.";
            case LOCKED_OUT -> refusal.until()
                    .map(until -> "Too many wrong codes. Try again after " + UNTIL.format(until) + ".")
                    .orElse("Too many wrong codes. Use a recovery code, or ask support to unlock your account.");
            case NOT_ENROLLED -> "Two-step verification is not set up for this account.";
            case ALREADY_ACTIVE -> "Two-step verification is already on for this account.";
            case NOT_STARTED -> "This set-up has expired or was not started. Start again with a new QR code.";
            case INVALID_ACCOUNT -> "This account's name cannot be used with two-step verification. Please contact "
                    + "support.";
            case BUSY -> "Too many requests changed this account at once. Please try again.";
        };
    }
}
