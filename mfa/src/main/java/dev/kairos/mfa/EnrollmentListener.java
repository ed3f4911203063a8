package dev.kairos.mfa;

/**
 * Receives {@link EnrollmentEvent}s for an audit log, on the thread that made the change, after it was stored.
 * Implementations must be thread-safe and quick; an exception they throw is logged (without the event's
 * contents) and does not undo or fail the operation.
 */
@FunctionalInterface
public interface EnrollmentListener {

    /**
     * Handles one event.
     *
     * @param event what happened; never null
     */
    void onEvent(EnrollmentEvent event);
}
