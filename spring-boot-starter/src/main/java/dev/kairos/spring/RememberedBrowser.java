package dev.kairos.spring;

import java.time.Instant;
import java.util.Objects;

/**
 * A browser whose user asked not to be asked for a code again on it, as {@link RememberedBrowsers} keeps it: never
 * the cookie itself, only the SHA-256 hash of its secret part, so that whoever reads the table cannot make a
 * cookie from it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the lowercase hex SHA-256 of the cookie's 32 random bytes (64 characters): the record's key
 * @param accountId the account the cookie was issued to
 * @param enrollment which enrollment of the account it was issued under (its creation and confirmation instants):
 *     a later enrollment of the same account does not accept it
 * @param createdAt when the user typed the code and asked to be remembered; the TOTP factor a recognized browser
 *     gets is dated then, so {@code RequiredFactor.validDuration} rules ask for a fresh code as they should
 * @param expiresAt when the browser is asked for a code again
 * @param description what the browser said it was (its {@code User-Agent}, at most 200 characters), for the list
 *     the user sees; never trusted
 */
public record RememberedBrowser(String id, String accountId, String enrollment, Instant createdAt,
        Instant expiresAt, String description) {

    /** The longest description kept, in characters. */
    public static final int MAX_DESCRIPTION = 200;

    /**
     * Validates.
     *
     * @param id the lowercase hex SHA-256 of the cookie's random bytes
     * @param accountId the account
     * @param enrollment the enrollment it was issued under
     * @param createdAt when it was issued
     * @param expiresAt when it expires: after {@code createdAt}
     * @param description the browser's own description, at most {@value #MAX_DESCRIPTION} characters
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the id is not 64 lowercase hex digits, the expiry is not after the
     *     creation, or the description is too long
     */
    public RememberedBrowser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(enrollment, "enrollment");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(description, "description");
        if (!id.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("id must be 64 lowercase hex digits (a SHA-256)");
        }
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("expiresAt must be after createdAt, got " + expiresAt + " <= "
                    + createdAt);
        }
        if (description.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description must be at most " + MAX_DESCRIPTION
                    + " characters, got " + description.length());
        }
    }

    /**
     * Tells whether the browser is still remembered at an instant.
     *
     * @param now the instant
     * @return true if {@code now} is before {@link #expiresAt()}
     */
    public boolean validAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
