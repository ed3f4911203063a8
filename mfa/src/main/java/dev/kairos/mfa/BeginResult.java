package dev.kairos.mfa;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Enrollments#begin} and {@link Enrollments#restart} answer: {@link Begun} with the set-up to show, or
 * why no set-up was begun: {@link InProgress} (a set-up begun elsewhere is not replaced), {@link TicketRequired},
 * {@link TicketRefused}, or for {@code restart} {@link Outcome.StaleHandle}. A refusal writes nothing.
 */
public sealed interface BeginResult extends Outcome permits BeginResult.Begun, BeginResult.InProgress,
        BeginResult.TicketRequired, BeginResult.TicketRefused, Outcome.StaleHandle {

    /**
     * Returns the set-up to show.
     *
     * @return the pending enrollment for {@link Begun}, empty otherwise
     */
    default Optional<PendingEnrollment> pending() {
        return Optional.empty();
    }

    /**
     * A set-up was begun: show its QR code and key, and keep its {@link PendingEnrollment#handle()} with the
     * session that began it ({@link Enrollments#confirm} requires it).
     *
     * @param enrollment the pending enrollment
     */
    record Begun(PendingEnrollment enrollment) implements BeginResult {
        /**
         * Validates.
         *
         * @param enrollment the pending enrollment
         * @throws NullPointerException if {@code enrollment} is null
         */
        public Begun {
            Objects.requireNonNull(enrollment, "enrollment");
        }

        @Override
        public boolean succeeded() {
            return true;
        }

        @Override
        public Optional<PendingEnrollment> pending() {
            return Optional.of(enrollment);
        }
    }

    /**
     * Another set-up of this account is in progress (begun by a session that holds its handle) and was not replaced:
     * a second {@code begin} never takes over a set-up someone is scanning. The session that began it can re-show
     * it ({@link Enrollments#pending}) or start over ({@link Enrollments#restart}); anyone else can begin after
     * {@code until}, or an administrator can {@link Enrollments#reset reset} the account. Tell the user a set-up was
     * started elsewhere: if it was not them, someone knows their password.
     *
     * @param until when that set-up expires
     */
    record InProgress(Instant until) implements BeginResult {
        /**
         * Validates.
         *
         * @param until when that set-up expires
         * @throws NullPointerException if {@code until} is null
         */
        public InProgress {
            Objects.requireNonNull(until, "until");
        }
    }

    /**
     * The host requires an enrollment ticket for this account ({@link Enrollments.Builder#requireTicket}) and none
     * was given: ask for the ticket an administrator sent.
     */
    record TicketRequired() implements BeginResult {
    }

    /**
     * The enrollment ticket given is not this account's waiting ticket: wrong, expired, already used, another
     * account's, or none was issued. Tickets have 79 bits, so a wrong one is not counted.
     */
    record TicketRefused() implements BeginResult {
    }
}
