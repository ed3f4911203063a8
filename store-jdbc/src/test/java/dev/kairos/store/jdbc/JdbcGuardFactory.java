package dev.kairos.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kairos.core.ReplayGuard;
import dev.kairos.store.tck.ReplayGuardRace;
import java.time.Duration;

/** Opens the JDBC guard a second JVM races with: {@code where} is a JDBC URL; a pool of 8 connections of its own. */
public final class JdbcGuardFactory implements ReplayGuardRace.Factory {

    /** Used by the second JVM, by reflection. */
    public JdbcGuardFactory() {
    }

    @Override
    public ReplayGuard open(String where) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(where);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(8);
        HikariDataSource pool = new HikariDataSource(config);
        return new PoolOwningGuard(JdbcReplayGuard.builder(pool).retention(Duration.ofMinutes(5)).build(), pool);
    }

    /** A guard that also closes its pool when closed. */
    private record PoolOwningGuard(JdbcReplayGuard guard, HikariDataSource pool) implements ReplayGuard, AutoCloseable {
        @Override
        public boolean tryAccept(String credentialId, long timeStep) {
            return guard.tryAccept(credentialId, timeStep);
        }

        @Override
        public void close() {
            pool.close();
        }
    }
}
