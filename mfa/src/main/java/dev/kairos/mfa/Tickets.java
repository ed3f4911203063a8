package dev.kairos.mfa;

import static dev.kairos.mfa.Updates.insertOrReplace;

import dev.kairos.core.Secret;
import dev.kairos.mfa.EnrollmentEvent.Type;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.SealedSecret;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Enrollment tickets: an administrator (or a provisioning job) issues one for an account, the user receives it out
 * of band, and {@code begin} spends it. For accounts the host marks ({@link Enrollments.Builder#requireTicket}),
 * {@code begin} needs it, so the password alone never binds a second factor.
 *
 * <p>A ticket waits in the account's record (pending, with a placeholder secret nobody is shown, bound to the
 * ticket's SHA-256, expiry and issuer): issuing one replaces a set-up in progress or an older ticket, never active
 * MFA. {@code begin} with the right ticket replaces the placeholder with the user's set-up in one compare-and-set,
 * so of two uses at once exactly one wins; the other is {@link BeginResult.TicketRefused}.
 */
final class Tickets {

    /** The label of a record that only holds a ticket; {@code begin} replaces it. */
    static final String PLACEHOLDER_LABEL = "enrollment-ticket";
    static final Duration MIN_VALIDITY = Duration.ofMinutes(1);
    static final Duration MAX_VALIDITY = Duration.ofDays(30);

    private final Steps steps;

    Tickets(Steps steps) {
        this.steps = steps;
    }

    EnrollmentTicket issue(String accountId, String adminId, Duration validity) {
        EnrollmentRecord.checkAccountId(accountId);
        String actor = EnrollmentEvent.admin(adminId);
        Objects.requireNonNull(validity, "validity");
        if (validity.compareTo(MIN_VALIDITY) < 0 || validity.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("validity must be from " + MIN_VALIDITY + " to " + MAX_VALIDITY
                    + ", got " + validity);
        }
        String ticket = RecoveryCodes.generate(1).get(0);
        String normalized = RecoveryCodes.normalize(ticket).orElseThrow();
        SealedSecret placeholder = steps.s.sealer().seal(accountId, Secret.generate());
        return steps.run("ticket", accountId, found -> {
            if (Steps.active(found).isPresent()) {
                throw new EnrollmentConflictException("account '" + accountId + "' already has active MFA; an "
                        + "enrollment ticket is for binding a first authenticator (reset the account first)", false);
            }
            Instant now = steps.now();
            Instant expiresAt = now.plus(validity);
            Binding binding = Binding.ticket(normalized, expiresAt, actor);
            EnrollmentRecord next = found.isPresent()
                    ? Draft.of(found.get()).ticketed(placeholder, now, binding).next()
                    : Draft.first(accountId, PLACEHOLDER_LABEL, placeholder, steps.s.parameters(), now, binding,
                            Steps.firstVersion());
            return insertOrReplace(found, next, () -> {
                steps.emit(Type.TICKET_ISSUED, accountId, actor, now, "enrollment ticket issued, valid until "
                        + expiresAt + (found.isPresent() ? "; replaced the pending set-up or ticket" : ""));
                return new EnrollmentTicket(accountId, ticket, expiresAt);
            });
        });
    }

    /** True if the record only holds a ticket (no set-up begun with it yet). */
    static boolean ticketOnly(EnrollmentRecord r) {
        Binding b = Binding.of(r);
        return b.ticketHash().isPresent() && b.handleHash().isEmpty();
    }
}
