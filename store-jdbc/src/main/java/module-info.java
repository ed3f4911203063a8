/**
 * Kairos JDBC store: an {@link dev.kairos.store.EnrollmentStore} on any {@link javax.sql.DataSource}, tested on H2
 * and PostgreSQL, so that several login servers share one database and with it the replay guard and the failure
 * counter.
 *
 * <p>The schema scripts ({@code schema-h2.sql}, {@code schema-postgresql.sql}) live in this module's package
 * {@code dev/kairos/store/jdbc/}; read them through {@link dev.kairos.store.jdbc.JdbcDialect#schemaScript()}.
 */
module dev.kairos.store.jdbc {
    requires static org.jspecify; // @NullMarked, @Nullable: compile time only
    requires transitive dev.kairos.store;
    requires transitive java.sql;

    exports dev.kairos.store.jdbc;
}
