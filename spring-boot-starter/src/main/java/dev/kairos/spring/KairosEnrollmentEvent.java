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
    private final String actor;

    /**
     * Wraps an event.
     *
     * @param event what happened
     * @param actor the name of the signed-in principal who caused it, or null if none (e.g. a scheduled job)
     * @throws NullPointerException if {@code event} is null
     */
    public KairosEnrollmentEvent(EnrollmentEvent event, String actor) {
        super(Objects.requireNonNull(event, "event"));
        this.event = event;
        this.actor = actor;
    }

    /**
     * Returns what happened.
     *
     * @return the Kairos event (its account id is the account acted on)
     */
    public EnrollmentEvent event() {
        return event;
    }

    /**
     * Returns who acted: the user on their own account, or an administrator on someone else's.
     *
     * @return the signed-in principal's name, or empty if nobody was signed in on that thread
     */
    public Optional<String> actor() {
        return Optional.ofNullable(actor);
    }

    /**
     * Describes the event.
     *
     * @return e.g. {@code "KairosEnrollmentEvent[actor=alice, event=Confirmed[...]]"}
     */
    @Override
    public String toString() {
        return "KairosEnrollmentEvent[actor=" + actor + ", event=" + event + "]";
    }
}
