package dev.kairos.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

/**
 * {@link PostgresReplication} read from a real PostgreSQL (one node, no standby): durable on a crash with
 * {@code synchronous_commit = on} (PostgreSQL's default), not on a failover (no synchronous standby), and neither with
 * {@code off} (the embedded test server's own setting, for speed).
 */
class PostgresReplicationTest {

    @Test
    void aSingleNodeWithSynchronousCommitOnIsDurableOnACrashButNotOnAFailover() {
        // PostgreSQL's default; the embedded test server itself runs with "off" (for speed), so the pool sets it.
        try (HikariDataSource pool = pool("on")) {
            check(PostgresReplication.of(pool));
        }
    }

    private static void check(PostgresReplication r) {
        assertEquals("on", r.synchronousCommit());
        assertEquals("", r.synchronousStandbyNames());
        assertEquals(0, r.synchronousStandbys());
        assertTrue(r.durableOnCrash());
        assertFalse(r.durableOnFailover());
        IllegalStateException e = assertThrows(IllegalStateException.class, r::requireDurableOnFailover);
        assertTrue(e.getMessage().contains("synchronous_standby_names"), e.getMessage());
    }

    private static HikariDataSource pool(String synchronousCommit) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Databases.postgres().getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(1);
        config.setConnectionInitSql("SET synchronous_commit = " + synchronousCommit);
        return new HikariDataSource(config);
    }

    @Test
    void synchronousCommitOffOnThePoolsConnectionsIsRefusedEvenOnOneNode() {
        try (HikariDataSource pool = pool("off")) {
            PostgresReplication r = PostgresReplication.of(pool);
            assertFalse(r.durableOnCrash());
            IllegalStateException e = assertThrows(IllegalStateException.class, r::requireDurableOnFailover);
            assertTrue(e.getMessage().contains("synchronous_commit is off"), e.getMessage());
        }
    }

    @Test
    void aNamedAndConnectedSynchronousStandbyKeepsThePromise() {
        for (String commit : new String[] {"on", "remote_write", "remote_apply"}) {
            assertTrue(new PostgresReplication(commit, "standby1", 1).requireDurableOnFailover().durableOnFailover());
        }
        assertFalse(new PostgresReplication("local", "standby1", 1).durableOnFailover(), "local waits for none");
        assertFalse(new PostgresReplication("on", "standby1", 0).durableOnFailover(), "named but not connected");
        assertThrows(IllegalArgumentException.class, () -> new PostgresReplication("on", "", -1));
    }
}
