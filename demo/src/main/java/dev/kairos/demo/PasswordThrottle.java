package dev.kairos.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Counts wrong passwords per account and per client address in the shared database (so the two portals do not
 * each grant an attacker a budget of their own), and says until when a subject is locked. The numbers are in
 * {@link DemoProperties.Throttle}: by default the 5th wrong password of an account locks it for 30 s, each further
 * one doubles that, up to 15 min; a client address gets 20 before the same growth. A locked subject's attempts
 * are refused before the password is hashed, so they cost neither CPU nor a count.
 *
 * <p>Thread-safe: each change is one conditional UPDATE (or a first INSERT) on the database.
 */
final class PasswordThrottle {

    private final JdbcTemplate db;
    private final Clock clock;
    private final DemoProperties.Throttle policy;

    PasswordThrottle(JdbcTemplate db, Clock clock, DemoProperties.Throttle policy) {
        this.db = db;
        this.clock = clock;
        this.policy = policy;
    }

    void createIfMissing() {
        db.execute("CREATE TABLE IF NOT EXISTS demo_password_failures (subject VARCHAR(300) PRIMARY KEY, "
                + "failures INT NOT NULL, last_failure_ms BIGINT NOT NULL)");
    }

    static String account(String email) {
        return "account:" + email;
    }

    static String address(String address) {
        return "address:" + address;
    }

    /** Until when the subject is locked, if it is now. */
    Optional<Instant> lockedUntil(String subject, boolean isAccount) {
        int threshold = isAccount ? policy.accountThreshold() : policy.addressThreshold();
        return db.query("SELECT failures, last_failure_ms FROM demo_password_failures WHERE subject = ?",
                (rs, n) -> lockEnd(rs.getInt(1), Instant.ofEpochMilli(rs.getLong(2)), threshold), subject)
                .stream().flatMap(Optional::stream).filter(clock.instant()::isBefore).findFirst();
    }

    private Optional<Instant> lockEnd(int failures, Instant last, int threshold) {
        if (failures < threshold) {
            return Optional.empty();
        }
        int doublings = Math.min(failures - threshold, 20);
        Duration lock = policy.firstLockout().multipliedBy(1L << doublings);
        return Optional.of(last.plus(lock.compareTo(policy.maxLockout()) > 0 ? policy.maxLockout() : lock));
    }

    /** Counts one wrong password; a count whose last failure is older than {@code forgetAfter} starts afresh. */
    void failed(String subject) {
        long now = clock.millis();
        long forgetBefore = now - policy.forgetAfter().toMillis();
        for (int attempt = 0; attempt < 3; attempt++) {
            int updated = db.update("UPDATE demo_password_failures SET failures = CASE WHEN last_failure_ms < ? "
                    + "THEN 1 ELSE failures + 1 END, last_failure_ms = ? WHERE subject = ?", forgetBefore, now, subject);
            if (updated == 1) {
                return;
            }
            try {
                db.update("INSERT INTO demo_password_failures VALUES (?, 1, ?)", subject, now);
                return;
            } catch (DuplicateKeyException raced) {
                // Another request (or the other portal) counted first: count on top of it.
            }
        }
    }

    /** A right password: the account starts again from zero. */
    void succeeded(String subject) {
        db.update("DELETE FROM demo_password_failures WHERE subject = ?", subject);
    }
}
