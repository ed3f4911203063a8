package dev.kairos.spring;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The one place where a {@link Refusal} becomes the sentence a user reads: the message key of each reason (with
 * what the user typed, {@link Refusal.Input}, choosing among wordings), looked up in {@link KairosMessages}. Never
 * a stack trace, never an echo of the typed code.
 */
final class Messages {

    private Messages() {
    }

    /** The message key of a refusal, e.g. {@code kairos.refusal.wrong-code.recovery-code}. */
    static String key(Refusal refusal) {
        String input = switch (refusal.input()) {
            case CODE -> "code";
            case RECOVERY_CODE -> "recovery-code";
            case CODE_OR_RECOVERY_CODE -> "code-or-recovery-code";
        };
        return switch (refusal.reason()) {
            case WRONG_CODE -> "kairos.refusal.wrong-code." + input;
            case MALFORMED -> "kairos.refusal.malformed." + input;
            case OVERLONG -> "kairos.refusal.overlong";
            case REPLAYED -> "kairos.refusal.replayed";
            case LOCKED_OUT -> refusal.until().isPresent() ? "kairos.refusal.locked-out.until"
                    : "kairos.refusal.locked-out.until-unlocked";
            case NOT_ENROLLED -> "kairos.refusal.not-enrolled";
            case ALREADY_ACTIVE -> "kairos.refusal.already-active";
            case NOT_STARTED -> "kairos.refusal.not-started";
            case STALE_SETUP -> "kairos.refusal.stale-setup";
            case SETUP_IN_PROGRESS -> "kairos.refusal.setup-in-progress";
            case TICKET_REQUIRED -> "kairos.refusal.ticket-required";
            case TICKET_REFUSED -> "kairos.refusal.ticket-refused";
            case WRONG_PASSWORD -> "kairos.refusal.wrong-password";
            case INVALID_ACCOUNT -> "kairos.refusal.invalid-account";
            case BUSY -> "kairos.refusal.busy";
        };
    }

    /** The sentence for a refusal in a language; a lockout's end written with {@code until}. */
    static String text(Refusal refusal, KairosMessages messages, Locale locale, DateTimeFormatter until) {
        Object[] args = refusal.until().map(instant -> new Object[] {until.format(instant)}).orElse(new Object[0]);
        return messages.text(key(refusal), locale, args);
    }
}
