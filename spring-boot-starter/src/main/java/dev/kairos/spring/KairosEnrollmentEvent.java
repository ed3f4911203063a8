package dev.kairos.spring;

import dev.kairos.mfa.EnrollmentEvent;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.ApplicationEvent;

/**
 * A Kairos audit event as a Spring {@link ApplicationEvent}: listen with {@code @EventListener} to write an audit
 * log. Published on the thread that made the change, after it was stored.
 *
 * <p>Immutable.
 */
public final class KairosEnrollmentEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient EnrollmentEvent event;
    private final String principal;

    /**
     * Wraps an event.
     *
     * @param event what happened
     * @param principal the name of the principal signed in on the thread that caused it, or null if none (e.g. a
     *     scheduled job)
     * @throws NullPointerException if {@code event} is null
     */
    public KairosEnrollmentEvent(EnrollmentEvent event, String principal) {
        super(Objects.requireNonNull(event, "event"));
        this.event = event;
        this.principal = principal;
    }

    /**
     * Returns what happened.
     *
     * @return the Kairos event: its account id is the account acted on, its actor says who acted in Kairos's
     *     terms ({@code user:<id>}, {@code admin:<id>}, {@code system}) and its origin the request's client address
     */
    public EnrollmentEvent event() {
        return event;
    }

    /**
     * Returns who was signed in to Spring Security when it happened: the user on their own account, or the
     * administrator who reset or unlocked someone else's.
     *
     * @return the signed-in principal's name, or empty if nobody was signed in on that thread
     */
    public Optional<String> principal() {
        return Optional.ofNullable(principal);
    }

    /**
     * Describes the event.
     *
     * @return e.g. {@code "KairosEnrollmentEvent[principal=alice, event=EnrollmentEvent[type=CONFIRMED, ...]]"}
     */
    @Override
    public String toString() {
        return "KairosEnrollmentEvent[principal=" + principal + ", event=" + event + "]";
    }
}
