package dev.kairos.mfa;

import dev.kairos.store.EnrollmentRecord;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to an enrollment, for an audit log: given to the service's listener after the change was stored
 * (or, for a refusal, after the check). An event says who acted and from where, so an audit trail needs no
 * thread-local tricks; it carries ids, times, counts and reasons, never a secret, a code or a recovery code.
 *
 * @param type what happened
 * @param accountId the account it happened to
 * @param at when, by the service's clock
 * @param actor who acted: {@code "user:<accountId>"} for the account's own user (every code check and
 *     enrollment step), {@code "admin:<adminId>"} for {@link Enrollments#unlock}, {@link Enrollments#reset} and
 *     {@link Enrollments#issueTicket}, or
 *     {@link #SYSTEM} for the service's own work (re-sealing with a new key)
 * @param origin where the request came from, as the host supplied it with {@link Enrollments#withOrigin} (e.g. a
 *     client address), or empty
 * @param detail a short human-readable account of it, e.g. {@code "sign-in: wrong code, 3 in a row"}; never
 *     secret
 */
public record EnrollmentEvent(Type type, String accountId, Instant at, String actor, Optional<String> origin,
        String detail) {

    /** The actor of the service's own work. */
    public static final String SYSTEM = "system";

    /**
     * Validates.
     *
     * @param type what happened
     * @param accountId the account it happened to
     * @param at when, by the service's clock
     * @param actor who acted: {@code "user:<accountId>"} for the account's own user (every code check and
     *     enrollment step), {@code "admin:<adminId>"} for {@link Enrollments#unlock}, {@link Enrollments#reset} and
     *     {@link Enrollments#issueTicket}, or
     *     {@link #SYSTEM} for the service's own work (re-sealing with a new key)
     * @param origin where the request came from, as the host supplied it with {@link Enrollments#withOrigin} (e.g. a
     *     client address), or empty
     * @param detail a short human-readable account of it, e.g. {@code "sign-in: wrong code, 3 in a row"}; never
     *     secret
     * @throws NullPointerException if an argument is null
     */
    public EnrollmentEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(detail, "detail");
    }

    static String user(String accountId) {
        return "user:" + accountId;
    }

    static String admin(String adminId) {
        return "admin:" + EnrollmentRecord.checkAccountId(adminId);
    }

    /** What happened. */
    public enum Type {
        /**
         * A set-up was begun, begun again after the last one expired, or started over by its holder; the detail
         * names the issuer of the enrollment ticket it used, if any (the actor is the user who used it).
         */
        BEGUN,
        /**
         * A {@code begin} was refused and nothing was written: a set-up begun elsewhere is in progress, or an
         * enrollment ticket is required, wrong, expired or used. The detail says which; tell the user, since a set-up
         * started by someone else means someone knows their password.
         */
        SET_UP_REFUSED,
        /** An administrator issued an enrollment ticket (the actor); the detail says until when it is valid. */
        TICKET_ISSUED,
        /** A pending enrollment was confirmed with a right code: MFA is active, recovery codes were issued. */
        CONFIRMED,
        /** A TOTP code was accepted at sign-in. */
        SIGNED_IN,
        /**
         * A recovery code was accepted at sign-in: tell the user, since someone who knows their password may be
         * trying codes (TOTP failures and lockouts were cleared).
         */
        RECOVERY_SIGN_IN,
        /** A whole new set of recovery codes replaced the old one; the detail says how the user proved possession. */
        RECOVERY_CODES_REGENERATED,
        /** After a recovery sign-in, few recovery codes are left (the detail gives the number): offer new ones. */
        RECOVERY_CODES_LOW,
        /** A code (TOTP or recovery) was refused; the detail says in which operation and why. */
        CODE_REFUSED,
        /** Too many wrong codes in a row: TOTP codes are locked out; the detail says until when. */
        LOCKED_OUT,
        /** MFA was disabled by the user, who proved possession with a code or a recovery code. */
        DISABLED,
        /** An administrator removed the enrollment without proof. */
        RESET,
        /** An administrator cleared the failure count and the lockout. */
        UNLOCKED,
        /** A secret was sealed again with the primary key (key rotation). */
        RESEALED,
        /**
         * Malformed input for this account came faster than the audit limit; that many refusals were not reported
         * one by one (the detail gives the count), so a flood cannot push older entries out of an audit trail.
         */
        MALFORMED_SUPPRESSED,
        /**
         * An enrollment was imported from another system ({@link Enrollments#importEnrollment}): active at once. The
         * detail says whether it replaced one, how many recovery codes came along, and for a secret under 128 bits
         * {@code "legacy 80-bit secret: re-enrol"} (with its size), which sign-ins repeat until the user enrols again.
         */
        IMPORTED
    }
}
