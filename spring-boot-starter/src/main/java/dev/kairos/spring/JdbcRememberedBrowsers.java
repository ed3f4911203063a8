package dev.kairos.spring;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link RememberedBrowsers} in the table {@code kairos_remembered_browser} on the application's
 * {@code DataSource}: every server of the application sees every record and every revocation. Instants are
 * stored as epoch milliseconds ({@code BIGINT}), so no database's time zone handling is involved. Thread-safe
 * (one connection per call).
 */
final class JdbcRememberedBrowsers implements RememberedBrowsers {

    /** The table, as {@link #createSchemaIfMissing} creates it (standard SQL: H2, PostgreSQL, MySQL, MariaDB). */
    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS kairos_remembered_browser ("
            + "id CHAR(64) NOT NULL PRIMARY KEY, "
            + "account_id VARCHAR(256) NOT NULL, "
            + "enrollment VARCHAR(64) NOT NULL, "
            + "created_at BIGINT NOT NULL, "
            + "expires_at BIGINT NOT NULL, "
            + "description VARCHAR(200) NOT NULL)";

    private static final String INDEX =
            "CREATE INDEX IF NOT EXISTS kairos_remembered_browser_account ON kairos_remembered_browser (account_id)";

    private static final String COLUMNS = "id, account_id, enrollment, created_at, expires_at, description";

    private final DataSource db;

    JdbcRememberedBrowsers(DataSource db) {
        this.db = db;
    }

    /** Creates the table and its index unless they exist. */
    JdbcRememberedBrowsers createSchemaIfMissing() {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(SCHEMA);
            s.execute(INDEX);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the table kairos_remembered_browser: " + e.getMessage(), e);
        }
        return this;
    }

    @Override
    public void add(RememberedBrowser browser) {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement expired = c.prepareStatement(
                    "DELETE FROM kairos_remembered_browser WHERE account_id = ? AND expires_at <= ?")) {
                expired.setString(1, browser.accountId());
                expired.setLong(2, browser.createdAt().toEpochMilli());
                expired.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO kairos_remembered_browser (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, browser.id());
                insert.setString(2, browser.accountId());
                insert.setString(3, browser.enrollment());
                insert.setLong(4, browser.createdAt().toEpochMilli());
                insert.setLong(5, browser.expiresAt().toEpochMilli());
                insert.setString(6, browser.description());
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw failed("record", e);
        }
    }

    @Override
    public Optional<RememberedBrowser> find(String id) {
        List<RememberedBrowser> found = query("SELECT " + COLUMNS + " FROM kairos_remembered_browser WHERE id = ?",
                id);
        return found.stream().findFirst();
    }

    @Override
    public List<RememberedBrowser> list(String accountId) {
        return query("SELECT " + COLUMNS + " FROM kairos_remembered_browser WHERE account_id = ? "
                + "ORDER BY created_at DESC", accountId);
    }

    @Override
    public int forgetAll(String accountId) {
        return update("DELETE FROM kairos_remembered_browser WHERE account_id = ?", accountId);
    }

    @Override
    public int forgetAllExcept(String accountId, String keptId) {
        return update("DELETE FROM kairos_remembered_browser WHERE account_id = ? AND id <> ?", accountId, keptId);
    }

    private List<RememberedBrowser> query(String sql, String argument) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, argument);
            List<RememberedBrowser> found = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.add(new RememberedBrowser(r.getString(1), r.getString(2), r.getString(3),
                            Instant.ofEpochMilli(r.getLong(4)), Instant.ofEpochMilli(r.getLong(5)), r.getString(6)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw failed("read", e);
        }
    }

    private int update(String sql, String... arguments) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < arguments.length; i++) {
                s.setString(i + 1, arguments[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw failed("forget", e);
        }
    }

    private static IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + " remembered browsers in kairos_remembered_browser: "
                + e.getMessage(), e);
    }
}
