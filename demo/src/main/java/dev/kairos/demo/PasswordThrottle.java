package dev.kairos.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Counts wrong passwords in the shared database (so the two portals do not each grant an attacker a budget of
 * their own), per subject, and says until when a subject is locked (issue 24, finding 3). The subjects:
 *
 * <ul>
 *   <li>{@link #pair}: one account from one client address, 5 failures by default; what one attacker gets
 *       against one account, without touching the owner, who signs in from elsewhere;</li>
 *   <li>{@link #address}: one client address, 20 failures (offices share an address); password spraying;</li>
 *   <li>{@link #account}: one account from everywhere, 50 failures; many addresses against one account;</li>
 *   <li>{@link #browser}: one known browser of the account ({@link KnownBrowsers}), 5 failures; the owner's own
 *       browser counts only its own failures, so nobody else's can lock it.</li>
 * </ul>
 *
 * <p>Accounts are counted by the typed e-mail (trimmed, lower case), whether the account exists or not, so an
 * unknown account is throttled exactly as a real one (finding 4). Beyond its threshold each further failure locks
 * the subject for {@code firstLockout} doubled per failure, at most {@code maxLockout}; a subject whose last
 * failure is older than {@code forgetAfter} starts again. A locked subject's attempts are refused before the
 * password is hashed, so they cost neither CPU nor a count.
 *
 * <p>Thread-safe: each change is one conditional UPDATE (or a first INSERT) on the database.
 */
final class PasswordThrottle {

    /** What is counted: a subject's key, the account it is about (for unlocking), and its threshold. */
    record Subject(String key, String account, int threshold) {}

    private final JdbcTemplate db;
    private final Clock clock;
    private final DemoProperties.Throttle policy;

    PasswordThrottle(JdbcTemplate db, Clock clock, DemoProperties.Throttle policy) {
        this.db = db;
        this.clock = clock;
        this.policy = policy;
    }

    void createIfMissing() {
        db.execute("CREATE TABLE IF NOT EXISTS demo_password_throttle (subject VARCHAR(400) PRIMARY KEY, "
                + "account VARCHAR(300), failures INT NOT NULL, last_failure_ms BIGINT NOT NULL)");
    }

    Subject pair(String account, String address) {
        return new Subject("pair:" + account + "|" + address, account, policy.pairThreshold());
    }

    Subject address(String address) {
        return new Subject("address:" + address, null, policy.addressThreshold());
    }

    Subject account(String account) {
        return new Subject("account:" + account, account, policy.accountThreshold());
    }

    Subject browser(String account, String browserId) {
        return new Subject("browser:" + browserId, account, policy.pairThreshold());
    }

    /** Until when the subject is locked, if it is now. */
    Optional<Instant> lockedUntil(Subject subject) {
        return db.query("SELECT failures, last_failure_ms FROM demo_password_throttle WHERE subject = ?",
                (rs, n) -> lockEnd(rs.getInt(1), rs.getLong(2), subject.threshold()), subject.key())
                .stream().flatMap(Optional::stream).filter(clock.instant()::isBefore).findFirst();
    }

    /** The latest lock of any subject about the account (the admin page), if one holds now. */
    Optional<Instant> accountLockedUntil(String account) {
        return db.query("SELECT subject, failures, last_failure_ms FROM demo_password_throttle WHERE account = ?",
                (rs, n) -> lockEnd(rs.getInt(2), rs.getLong(3), rs.getString(1).startsWith("account:")
                        ? policy.accountThreshold() : policy.pairThreshold()), account)
                .stream().flatMap(Optional::stream).filter(clock.instant()::isBefore).max(Instant::compareTo);
    }

    private Optional<Instant> lockEnd(int failures, long lastMillis, int threshold) {
        if (failures < threshold) {
            return Optional.empty();
        }
        int doublings = Math.min(failures - threshold, 20);
        Duration lock = policy.firstLockout().multipliedBy(1L << doublings);
        return Optional.of(Instant.ofEpochMilli(lastMillis)
                .plus(lock.compareTo(policy.maxLockout()) > 0 ? policy.maxLockout() : lock));
    }

    /** Counts one wrong password; a count whose last failure is older than {@code forgetAfter} starts afresh. */
    void failed(Subject subject) {
        long now = clock.millis();
        long forgetBefore = now - policy.forgetAfter().toMillis();
        for (int attempt = 0; attempt < 3; attempt++) {
            int updated = db.update("UPDATE demo_password_throttle SET failures = CASE WHEN last_failure_ms < ? "
                    + "THEN 1 ELSE failures + 1 END, last_failure_ms = ? WHERE subject = ?", forgetBefore, now,
                    subject.key());
            if (updated == 1) {
                return;
            }
            try {
                db.update("INSERT INTO demo_password_throttle VALUES (?, ?, 1, ?)", subject.key(), subject.account(),
                        now);
                return;
            } catch (DuplicateKeyException raced) {
                // Another request (or the other portal) counted first: count on top of it.
            }
        }
    }

    /** A right password: this subject starts again from zero. */
    void succeeded(Subject subject) {
        db.update("DELETE FROM demo_password_throttle WHERE subject = ?", subject.key());
    }

    /** An administrator's unlock: every count about the account (all its pairs and browsers) starts again. */
    void unlock(String account) {
        db.update("DELETE FROM demo_password_throttle WHERE account = ?", account);
    }
}
