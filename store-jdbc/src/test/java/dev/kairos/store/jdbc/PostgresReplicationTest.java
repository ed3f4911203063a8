package dev.kairos.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

/**
 * {@link PostgresReplication} read from a real PostgreSQL (one node, no standby): durable on a crash with the default
 * {@code synchronous_commit = on}, not on a failover (no synchronous standby), and neither with {@code off}.
 */
class PostgresReplicationTest {

    @Test
    void aSingleNodeWithDefaultSettingsIsDurableOnACrashButNotOnAFailover() {
        PostgresReplication r = PostgresReplication.of(Databases.postgresUnpooled());
        assertEquals("on", r.synchronousCommit());
        assertEquals("", r.synchronousStandbyNames());
        assertEquals(0, r.synchronousStandbys());
        assertTrue(r.durableOnCrash());
        assertFalse(r.durableOnFailover());
        IllegalStateException e = assertThrows(IllegalStateException.class, r::requireDurableOnFailover);
        assertTrue(e.getMessage().contains("synchronous_standby_names"), e.getMessage());
    }

    @Test
    void synchronousCommitOffOnThePoolsConnectionsIsRefusedEvenOnOneNode() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Databases.postgres().getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(1);
        config.setConnectionInitSql("SET synchronous_commit = off");
        try (HikariDataSource pool = new HikariDataSource(config)) {
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
