/**
 * An {@link dev.kairos.store.EnrollmentStore} on JDBC: {@link dev.kairos.store.jdbc.JdbcEnrollmentStore} keeps
 * each account's enrollment in one row of a table in H2 or PostgreSQL, and does the SPI's compare-and-set with one
 * conditional statement, so that several login servers on one database share the replay guard and the failure
 * counter.
 *
 * <pre>{@code
 * EnrollmentStore store = JdbcEnrollmentStore.create(dataSource).createSchemaIfMissing();
 * Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").sealWith(keyRing).build();
 * }</pre>
 *
 * <p>{@link dev.kairos.store.jdbc.JdbcReplayGuard} is a cluster-wide {@link dev.kairos.core.ReplayGuard} on the same
 * databases, for users of the core engine alone.
 *
 * <p>The schema scripts, column by column, are {@link dev.kairos.store.jdbc.JdbcDialect#schemaScript()} and
 * {@link dev.kairos.store.jdbc.JdbcDialect#replayGuardSchemaScript()}; database failures are
 * {@link dev.kairos.store.jdbc.JdbcStoreException}s with their SQLState. No method returns or accepts null; a
 * SQLState the driver did not give is an empty {@link java.util.Optional}.
 */
@NullMarked
package dev.kairos.store.jdbc;

import org.jspecify.annotations.NullMarked;
