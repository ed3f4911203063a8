package dev.kairos.mfa;

import static dev.kairos.mfa.Updates.answer;
import static dev.kairos.mfa.Updates.insertOrReplace;
import static dev.kairos.mfa.Updates.replace;

import dev.kairos.core.Secret;
import dev.kairos.mfa.EnrollmentEvent.Type;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentState;
import dev.kairos.store.SealedSecret;
import java.time.Instant;
import java.util.Optional;

/**
 * Beginning a set-up, and what only its holder may do with it: re-show it and start over.
 *
 * <p><b>The rule.</b> A set-up belongs to the session that began it: {@code begin} returns an unguessable handle
 * (128 bits; the record keeps only its SHA-256) that {@code confirm}, {@code pending} and {@code restart} require.
 * While a set-up is in progress (begun, not confirmed, within the pending lifetime), another {@code begin} for the
 * account is refused with {@link BeginResult.InProgress} and changes nothing: nobody takes over a set-up someone is
 * scanning, and nobody who only knows the password replaces it. Its holder can start over ({@code restart}: a new
 * secret and a new handle; the old handle becomes stale). After the lifetime anyone who may begin can begin again,
 * and a confirmation with the old handle is then {@link Outcome.StaleHandle} (not counted). Where the host requires
 * an enrollment ticket for the account, {@code begin} needs the waiting ticket and spends it (see {@link Tickets}).
 */
final class Begin {

    private static final String ACT = "begin";

    private final Steps steps;

    Begin(Steps steps) {
        this.steps = steps;
    }

    /** True if the record is a set-up in progress: pending, begun with a handle, within the pending lifetime. */
    static boolean inProgress(Steps steps, EnrollmentRecord r, Instant now) {
        return r.state() == EnrollmentState.PENDING && Binding.of(r).handleHash().isPresent()
                && now.isBefore(steps.pendingEnd(r));
    }

    /**
     * Begins a set-up; {@code typedTicket} is the enrollment ticket as typed, or empty when none was given.
     */
    BeginResult begin(String accountId, String label, Optional<CharSequence> typedTicket) {
        EnrollmentRecord.checkAccountId(accountId);
        Labels.checkLabel(label);
        boolean required = steps.s.ticketRequired().test(accountId);
        Optional<String> ticket = typedTicket.map(t -> RecoveryCodes.normalize(t).orElse(""));
        Secret secret = Secret.generate();
        SealedSecret sealed = steps.s.sealer().seal(accountId, secret);
        String handle = Binding.newHandle();
        return steps.run(ACT, accountId, found -> {
            Instant now = steps.now();
            if (Steps.active(found).isPresent()) {
                throw new EnrollmentConflictException("account '" + accountId + "' already has active MFA; disable "
                        + "it (with a code or a recovery code) or reset it before enrolling again", false);
            }
            Binding bound = found.map(Binding::of).orElse(Binding.NONE);
            if (found.isPresent() && inProgress(steps, found.get(), now)) {
                return refused(accountId, now, ticket.isPresent() ? new BeginResult.TicketRefused()
                        : new BeginResult.InProgress(steps.pendingEnd(found.get())),
                        ticket.isPresent() ? "the ticket is not waiting (a set-up is in progress)"
                                : "a set-up begun elsewhere is in progress until " + steps.pendingEnd(found.get()));
            }
            boolean ticketWaits = found.isPresent() && bound.ticketWaits(now);
            if (ticket.isPresent() && !(ticketWaits && bound.ticketMatches(ticket.get()))) {
                return refused(accountId, now, new BeginResult.TicketRefused(),
                        "wrong, expired, used or foreign enrollment ticket");
            }
            if (ticket.isEmpty() && required) {
                return refused(accountId, now, new BeginResult.TicketRequired(), "an enrollment ticket is required");
            }
            Binding binding = Binding.handle(handle);
            EnrollmentRecord next = found.isPresent()
                    ? Draft.of(found.get()).begunAgain(label, sealed, steps.s.parameters(), now, binding).next()
                    : Draft.first(accountId, label, sealed, steps.s.parameters(), now, binding, Steps.firstVersion());
            String how = ticket.isPresent() ? "with the enrollment ticket issued by "
                    + bound.ticketIssuer().orElse("?") + "; " : "";
            return insertOrReplace(found, next, () -> begun(next, secret, handle, how));
        });
    }

    /** Starts the set-up over for the holder of its handle: a new secret and handle; the old handle goes stale. */
    BeginResult restart(String accountId, String handle) {
        EnrollmentRecord.checkAccountId(accountId);
        Secret secret = Secret.generate();
        SealedSecret sealed = steps.s.sealer().seal(accountId, secret);
        String newHandle = Binding.newHandle();
        return steps.run("restart", accountId, found -> {
            Instant now = steps.now();
            Optional<EnrollmentRecord> mine = found.filter(r -> inProgress(steps, r, now)
                    && Binding.of(r).handleMatches(handle));
            if (mine.isEmpty()) {
                return refused(accountId, now, new Outcome.StaleHandle(), "restart with a stale handle");
            }
            EnrollmentRecord r = mine.get();
            EnrollmentRecord next = Draft.of(r).begunAgain(r.label(), sealed, steps.s.parameters(), now,
                    Binding.handle(newHandle)).next();
            return replace(r, next, () -> begun(next, secret, newHandle, "started over; "));
        });
    }

    /** The set-up in progress again, for the holder of its handle (a page reload): nothing is written. */
    Optional<PendingEnrollment> pending(String accountId, String handle) {
        EnrollmentRecord.checkAccountId(accountId);
        Instant now = steps.now();
        return steps.s.store().find(accountId)
                .filter(r -> inProgress(steps, r, now) && Binding.of(r).handleMatches(handle))
                .map(r -> new PendingEnrollment(accountId, r.label(), steps.s.issuer(), steps.open(r), r.parameters(),
                        steps.pendingEnd(r), handle));
    }

    private BeginResult begun(EnrollmentRecord next, Secret secret, String handle, String how) {
        Instant expiresAt = steps.pendingEnd(next);
        steps.emit(Type.BEGUN, next.accountId(), next.createdAt(), how + "pending until " + expiresAt);
        return new BeginResult.Begun(new PendingEnrollment(next.accountId(), next.label(), steps.s.issuer(), secret,
                next.parameters(), expiresAt, handle));
    }

    private Updates.Decision<BeginResult> refused(String accountId, Instant now, BeginResult answer, String why) {
        steps.emit(Type.SET_UP_REFUSED, accountId, now, ACT + ": " + why);
        return answer(answer);
    }
}
