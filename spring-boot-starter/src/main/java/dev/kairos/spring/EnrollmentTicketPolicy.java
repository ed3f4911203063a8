package dev.kairos.spring;

/**
 * Names the accounts that need a single-use enrollment ticket to bind an authenticator app: someone who knows only
 * their password cannot then set up two-step verification for them (an administrator whose password is known,
 * accounts provisioned in bulk). Define it as a bean; the starter passes it to
 * {@code Enrollments.Builder.requireTicket}. For every account, set {@code kairos.enrollment.require-ticket=true}
 * instead. An administrator or a provisioning job issues the tickets with {@code Enrollments.issueTicket} and sends
 * them out of band; the set-up page then asks for one.
 *
 * <p>Implementations must be thread-safe and fast: the policy is asked on every set-up begun.
 */
@FunctionalInterface
public interface EnrollmentTicketPolicy {

    /**
     * Tells whether an account needs a ticket to set up.
     *
     * @param accountId the account (the signed-in user's name)
     * @return true if a set-up of this account must present a ticket
     */
    boolean requiresTicket(String accountId);
}
