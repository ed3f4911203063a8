package dev.kairos.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What a PostgreSQL server's settings promise about accepted codes after a crash or a failover, read from the server
 * itself, so that a host can refuse to start (or warn) when they cannot give the promise it needs.
 *
 * <p>A JDBC store's or guard's write is reported once its commit returns. Whether that commit survives depends on two
 * settings (PostgreSQL manual, "Synchronous Replication" and {@code synchronous_commit}):
 * <ul>
 *   <li>{@code synchronous_commit = off}: the commit returns before its WAL is on disk; a crash loses the last
 *       commits (up to 3 × {@code wal_writer_delay}, 600 ms by default), so an accepted code can be accepted again
 *       after the restart;</li>
 *   <li>{@code synchronous_commit = on} (the default) without {@code synchronous_standby_names}: durable on this
 *       node, but a standby receives the WAL asynchronously, so a failover to it loses the commits it had not
 *       received (the replication lag, usually milliseconds, unbounded under load);</li>
 *   <li>{@code synchronous_commit} = {@code on}, {@code remote_write} or {@code remote_apply} with
 *       {@code synchronous_standby_names} naming standbys: the commit returns only once the synchronous standbys
 *       have it ({@code remote_write}: in their memory; {@code on}: flushed; {@code remote_apply}: applied), so a
 *       failover to one of them loses no accepted code. {@code local} waits for no standby.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param synchronousCommit the session's {@code synchronous_commit}, e.g. {@code "on"}
 * @param synchronousStandbyNames the server's {@code synchronous_standby_names}, empty if none
 * @param synchronousStandbys the standbys {@code pg_stat_replication} lists as {@code sync} or {@code quorum} now
 */
public record PostgresReplication(String synchronousCommit, String synchronousStandbyNames, int synchronousStandbys) {

    private static final Set<String> WAITS_FOR_STANDBY = Set.of("on", "remote_write", "remote_apply");

    /**
     * Checks the components.
     *
     * @param synchronousCommit the session's {@code synchronous_commit}
     * @param synchronousStandbyNames the server's {@code synchronous_standby_names}, empty if none
     * @param synchronousStandbys the standbys in sync now, 0 or more
     * @throws NullPointerException if a string is null
     * @throws IllegalArgumentException if {@code synchronousStandbys} is negative
     */
    public PostgresReplication {
        Objects.requireNonNull(synchronousCommit, "synchronousCommit");
        Objects.requireNonNull(synchronousStandbyNames, "synchronousStandbyNames");
        if (synchronousStandbys < 0) {
            throw new IllegalArgumentException("synchronousStandbys must be 0 or more, got " + synchronousStandbys);
        }
    }

    /**
     * Reads the settings on one connection of the data source (the one a store's statements would run with, so a
     * {@code synchronous_commit} set for the role, the database or the pool's connection init counts).
     *
     * @param dataSource a PostgreSQL data source
     * @return what it promises
     * @throws NullPointerException if {@code dataSource} is null
     * @throws JdbcStoreException if the settings could not be read (e.g. not PostgreSQL)
     */
    public static PostgresReplication of(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            String commit = one(s, "SHOW synchronous_commit");
            String names = one(s, "SHOW synchronous_standby_names");
            int standbys = Integer.parseInt(one(s,
                    "SELECT count(*) FROM pg_stat_replication WHERE sync_state IN ('sync', 'quorum')"));
            return new PostgresReplication(commit, names, standbys);
        } catch (SQLException e) {
            throw new JdbcStoreException("reading PostgreSQL's replication settings failed", e, false);
        }
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    /**
     * Tells whether a commit survives a crash of this node (it is on disk before it returns).
     *
     * @return false if {@code synchronous_commit} is {@code off}
     */
    public boolean durableOnCrash() {
        return !synchronousCommit.equals("off");
    }

    /**
     * Tells whether a commit survives a failover to a synchronous standby: it waits for one and one is connected.
     *
     * @return true if {@code synchronous_commit} waits for standbys, standbys are named, and one is synchronous now
     */
    public boolean durableOnFailover() {
        return WAITS_FOR_STANDBY.contains(synchronousCommit) && !synchronousStandbyNames.isBlank()
                && synchronousStandbys > 0;
    }

    /**
     * Refuses a deployment where an accepted code could be accepted again after a failover (or a crash).
     *
     * @return this, when it is durable on failover
     * @throws IllegalStateException naming the setting that breaks the promise and the one that would keep it
     */
    public PostgresReplication requireDurableOnFailover() {
        if (!durableOnCrash()) {
            throw new IllegalStateException("synchronous_commit is off: a commit returns before it is on disk, so a "
                    + "crash can lose accepted codes (set synchronous_commit = on)");
        }
        if (!durableOnFailover()) {
            throw new IllegalStateException("no synchronous standby (synchronous_commit = " + synchronousCommit
                    + ", synchronous_standby_names = '" + synchronousStandbyNames + "', " + synchronousStandbys
                    + " standby(s) in sync now): a failover can lose the last accepted codes; name the standbys in "
                    + "synchronous_standby_names and keep synchronous_commit = on or remote_apply");
        }
        return this;
    }
}
