package dev.kairos.mfa;

import java.time.Instant;
import java.util.Objects;

/**
 * A single-use enrollment ticket, as {@link Enrollments#issueTicket} returns it: give {@link #ticket()} to the user
 * out of band (a letter, a call, a provisioning e-mail); it is shown this once (only its hash is stored) and lets
 * {@link Enrollments#begin(String, String, CharSequence)} bind the account's authenticator app once, until
 * {@link #expiresAt()}. Immutable; {@link #toString()} never shows the ticket.
 *
 * @param accountId the account the ticket is for
 * @param ticket the ticket text, {@code XXXX-XXXX-XXXX-XXXX} (79 bits; case, spaces and {@code '-'} do not matter
 *     when typed)
 * @param expiresAt until when it can be used
 */
public record EnrollmentTicket(String accountId, String ticket, Instant expiresAt) {

    /**
     * Validates.
     *
     * @param accountId the account the ticket is for
     * @param ticket the ticket text
     * @param expiresAt until when it can be used
     * @throws NullPointerException if an argument is null
     */
    public EnrollmentTicket {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * Describes the ticket without its text.
     *
     * @return e.g. {@code "EnrollmentTicket[accountId=alice, expiresAt=...]"}
     */
    @Override
    public String toString() {
        return "EnrollmentTicket[accountId=" + accountId + ", expiresAt=" + expiresAt + "]";
    }
}
