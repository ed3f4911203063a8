package dev.kairos.demo;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo's own settings, {@code kairos.demo.*} (Kairos itself is configured under {@code kairos.*}).
 *
 * @param portal which portal this process is: {@code developer} (default) or {@code dashboard}
 * @param data the folder of the H2 database file and the sealing key, shared by both portals (made 0700)
 * @param databasePort the loopback port on which the first portal serves the H2 database to the second
 * @param passwordIterations the PBKDF2 cost of new password hashes (600,000: OWASP 2023 for PBKDF2-HMAC-SHA256)
 * @param hashing how many password checks may run at once, and how long a sign-in waits for a turn
 * @param throttle how wrong passwords slow down further guesses
 */
@ConfigurationProperties("kairos.demo")
record DemoProperties(
        @DefaultValue("developer") PortalKind portal,
        @DefaultValue("./kairos-demo-data") Path data,
        @DefaultValue("9092") int databasePort,
        @DefaultValue("600000") int passwordIterations,
        @DefaultValue Hashing hashing,
        @DefaultValue Throttle throttle) {

    /**
     * The limit on concurrent password hashing: PBKDF2 with 600,000 iterations takes a core for about a third of a
     * second, so without a limit a handful of parallel wrong passwords take every core and every page slows down.
     * The permits are shared fairly between client addresses ({@link FairSlots}).
     *
     * @param permits concurrent checks; 0 means one per available processor
     * @param maxWait how long a sign-in waits for a permit before the "busy, try again" page
     */
    record Hashing(@DefaultValue("0") int permits, @DefaultValue("1s") Duration maxWait) {

        int effectivePermits() {
            return permits > 0 ? permits : Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * Password throttling (see {@link PasswordThrottle}): per account and client address, per address, per account
     * from everywhere, and per known browser. After a subject's threshold of consecutive failures, each further
     * failure locks the subject for {@code firstLockout} doubled per failure beyond the threshold, at most
     * {@code maxLockout}; a subject whose last failure is older than {@code forgetAfter} starts again from zero.
     *
     * @param pairThreshold failures of one account from one client address (or one known browser) before lockouts
     * @param addressThreshold failures from one client address before lockouts start (higher: offices share one)
     * @param accountThreshold failures of one account from all addresses together before lockouts start; the
     *     account's known browsers are not held by it
     * @param firstLockout the first lockout
     * @param maxLockout the longest lockout
     * @param forgetAfter how long after the last failure the count is forgotten
     */
    record Throttle(
            @DefaultValue("5") int pairThreshold,
            @DefaultValue("20") int addressThreshold,
            @DefaultValue("50") int accountThreshold,
            @DefaultValue("30s") Duration firstLockout,
            @DefaultValue("15m") Duration maxLockout,
            @DefaultValue("1h") Duration forgetAfter) {
    }
}
