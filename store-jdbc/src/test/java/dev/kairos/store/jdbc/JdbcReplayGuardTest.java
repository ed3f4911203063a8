package dev.kairos.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.kairos.core.SkewWindow;
import dev.kairos.store.tck.MutableClock;
import dev.kairos.store.tck.ReplayGuardRace;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDBC replay guard on H2 and on a real PostgreSQL, beyond the kit ({@link JdbcReplayGuardContractTest}): expiry
 * and purging, bad arguments, table prefixes, a race between two JVMs.
 */
class JdbcReplayGuardTest {
    static HikariDataSource postgres;
    static final DataSource H2 = Databases.h2("guard");

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @BeforeAll
    static void start() {
        postgres = Databases.postgresPool(34);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    JdbcReplayGuard guard(JdbcDialect dialect) {
        return JdbcReplayGuard.builder(dialect == JdbcDialect.H2 ? H2 : postgres).clock(clock)
                .retention(Duration.ofMinutes(2)).build().createSchemaIfMissing();
    }

    static String newCredential() {
        return "cred-" + UUID.randomUUID();
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void purgeExpiredDeletesOnlyTheRowsPastTheirRetention(JdbcDialect dialect) {
        // A table of its own: the other tests' rows expire on other clocks.
        JdbcReplayGuard guard = JdbcReplayGuard.builder(dialect == JdbcDialect.H2 ? H2 : postgres).clock(clock)
                .tablePrefix("purge_").retention(Duration.ofMinutes(2)).build().createSchemaIfMissing();
        String old = newCredential();
        String recent = newCredential();
        assertTrue(guard.tryAccept(old, 7));
        clock.advance(Duration.ofSeconds(90));
        assertTrue(guard.tryAccept(recent, 7));
        clock.advance(Duration.ofSeconds(31)); // old: 121 s > 120 s retention; recent: 31 s
        assertEquals(1, guard.purgeExpired());
        assertTrue(guard.tryAccept(old, 7), "forgotten: by then no code of step 7 is inside the window any more");
        assertFalse(guard.tryAccept(recent, 7), "still remembered");
    }

    @Test
    void theRetentionForAWindowCoversEveryStepACodeCanStillBeAcceptedIn() {
        assertEquals(Duration.ofSeconds(120), JdbcReplayGuard.builder(H2).dialect(JdbcDialect.H2)
                .retentionFor(Duration.ofSeconds(30), SkewWindow.of(1, 1)).build().retention());
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsSent() {
        JdbcReplayGuard guard = guard(JdbcDialect.H2);
        assertThrows(NullPointerException.class, () -> guard.tryAccept(null, 1));
        assertThrows(IllegalArgumentException.class, () -> guard.tryAccept(" ", 1));
        assertThrows(IllegalArgumentException.class, () -> guard.tryAccept("x".repeat(257), 1));
        assertThrows(IllegalArgumentException.class, () -> guard.tryAccept("alice", -1));
        assertThrows(IllegalStateException.class, () -> JdbcReplayGuard.builder(H2).build(),
                "no silent default retention");
        assertThrows(IllegalArgumentException.class, () -> JdbcReplayGuard.builder(H2).retention(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> JdbcReplayGuard.builder(H2).tablePrefix("1x"));
        JdbcReplayGuard prefixed = JdbcReplayGuard.builder(H2).tablePrefix("app1_").retention(Duration.ofMinutes(1))
                .build().createSchemaIfMissing();
        assertEquals("app1_kairos_replay_guard", prefixed.tableName());
        String c = newCredential();
        assertTrue(guard.tryAccept(c, 1));
        assertTrue(prefixed.tryAccept(c, 1), "a prefix is a separate table");
    }

    @Test
    void twoJvmsRacingOnOnePostgresqlAcceptEachCredentialsStepExactlyOnce() throws Exception {
        ReplayGuardRace.againstSecondJvm(guard(JdbcDialect.POSTGRESQL), JdbcGuardFactory.class,
                Databases.postgres().getJdbcUrl("postgres", "postgres"), 500, 4);
    }
}
