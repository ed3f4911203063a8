package dev.kairos.spring;

import java.util.Objects;
import org.springframework.context.ApplicationEvent;

/**
 * Something that happened to a remembered browser, for an audit log: listen with {@code @EventListener}. Carries
 * the account, the client's address and a short detail, never a cookie or its hash.
 *
 * <p>Immutable.
 */
public final class RememberedBrowserEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    /** What happened. */
    public enum Type {
        /** The user typed a code and asked not to be asked again on this browser: a cookie was issued. */
        REMEMBERED,
        /** A remembered browser stood in for the code: the session got the TOTP factor without one. */
        RECOGNIZED,
        /** A cookie was refused (forged, expired, revoked, another account's, an earlier enrollment's). */
        REFUSED,
        /** Remembered browsers were forgotten; the detail says why and how many. */
        FORGOTTEN
    }

    private final Type type;
    private final String accountId;
    private final String origin;
    private final String detail;

    /**
     * Creates an event.
     *
     * @param source what published it
     * @param type what happened
     * @param accountId the account
     * @param origin the client's address, or {@code unknown} (e.g. a revocation by an administrator's job)
     * @param detail a short human-readable account of it, e.g. {@code "MFA reset: 2 forgotten"}
     * @throws NullPointerException if an argument is null
     */
    public RememberedBrowserEvent(Object source, Type type, String accountId, String origin, String detail) {
        super(source);
        this.type = Objects.requireNonNull(type, "type");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /**
     * Returns what happened.
     *
     * @return the type
     */
    public Type type() {
        return type;
    }

    /**
     * Returns the account it happened to.
     *
     * @return the account id
     */
    public String accountId() {
        return accountId;
    }

    /**
     * Returns where the request came from.
     *
     * @return the client's address as the servlet container saw it, or {@code unknown}
     */
    public String origin() {
        return origin;
    }

    /**
     * Returns a short account of it.
     *
     * @return e.g. {@code "expired"} or {@code "new recovery codes: 1 forgotten"}; never secret
     */
    public String detail() {
        return detail;
    }

    /**
     * Describes the event.
     *
     * @return e.g. {@code "RememberedBrowserEvent[type=RECOGNIZED, accountId=alice, origin=10.0.0.1, detail=...]"}
     */
    @Override
    public String toString() {
        return "RememberedBrowserEvent[type=" + type + ", accountId=" + accountId + ", origin=" + origin
                + ", detail=" + detail + "]";
    }
}
