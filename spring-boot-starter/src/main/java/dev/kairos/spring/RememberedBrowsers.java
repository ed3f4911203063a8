package dev.kairos.spring;

import java.util.List;
import java.util.Optional;

/**
 * Where remembered browsers are recorded ({@code kairos.remembered-browsers.enabled=true}), so that a user can list
 * them and every one of them can be revoked. The starter uses a table on the application's {@code DataSource} when
 * there is one (shared by every server of the application), otherwise memory (one server only, lost at restart);
 * define a bean of this type to keep them elsewhere (e.g. Redis).
 *
 * <p>Implementations must be thread-safe, and a {@link #forgetAll} must be seen by every later {@link #find} on
 * any server: a revoked browser must not be recognized again.
 */
public interface RememberedBrowsers {

    /**
     * Records a browser, and drops the account's records that expired before it was created.
     *
     * @param browser the new record; its id is new (32 random bytes hashed)
     */
    void add(RememberedBrowser browser);

    /**
     * Finds a record by id.
     *
     * @param id the hex SHA-256 of a cookie's random bytes
     * @return the record, expired or not, or empty if there is none (never issued, or forgotten)
     */
    Optional<RememberedBrowser> find(String id);

    /**
     * Lists an account's records, expired ones included, newest first.
     *
     * @param accountId the account
     * @return the records, possibly empty
     */
    List<RememberedBrowser> list(String accountId);

    /**
     * Forgets every browser of an account (MFA turned off or reset, a new enrollment, new recovery codes).
     *
     * @param accountId the account
     * @return how many records were removed
     */
    int forgetAll(String accountId);

    /**
     * Forgets every browser of an account but one ("sign out other browsers" from a remembered browser).
     *
     * @param accountId the account
     * @param keptId the id of the record to keep
     * @return how many records were removed
     */
    int forgetAllExcept(String accountId, String keptId);
}
