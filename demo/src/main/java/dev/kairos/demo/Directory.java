package dev.kairos.demo;

import dev.kairos.mfa.Enrollments;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The demo's organisations and users, in the shared database so that both portals see the same enforcement and
 * the same accounts. Organisations form a small reseller → customer hierarchy: MFA required at a reseller applies
 * to the reseller's own staff and to every user of its customers. Users are identified by their e-mail address,
 * which is also the account id given to Kairos.
 *
 * <p>Thread-safe: every call is a statement on the database.
 */
final class Directory {

    /** An organisation: a reseller ({@code parentId} empty) or one of its customers. */
    record Organisation(String id, String name, Optional<String> parentId, boolean requiresMfa) {}

    /** A user who can sign in; the password is only kept as a PBKDF2 hash. */
    record User(String email, String name, String organisationId, boolean admin, String passwordHash) {}

    /**
     * A demo user and the password printed on the console.
     *
     * @param defaultHash the password's hash at {@link Passwords#DEFAULT_ITERATIONS}, made once with
     *     {@link Passwords#hash} and committed, so that a first start does not spend seconds of PBKDF2 on the
     *     demo's own, published passwords ({@code DirectoryTest} checks each one)
     */
    record DemoAccount(String email, String password, String note, String defaultHash) {}

    /** The demo data; both portals create it if missing, whichever starts first. */
    static final List<DemoAccount> DEMO_ACCOUNTS = List.of(
            new DemoAccount("alice@acme.test", "alice-demo-password", "Acme Corp (customer of Northwind), MFA optional",
                "pbkdf2-sha256$600000$wIGOZLd5WZS6DHG+sCBncw$ZogVqeeD/L5ZZcFdhjphgauF60z6b4heCbjUs9SiLJ4"),
            new DemoAccount("bob@acme.test", "bob-demo-password", "Acme Corp, MFA optional",
                "pbkdf2-sha256$600000$2Bssdiu4nmIUFPijqdh0CQ$I6d80FEp/V34TH1o3ooJCfUb8RkjkqxWfDKtoHI6fnU"),
            new DemoAccount("carol@initech.test", "carol-demo-password", "Initech (customer of Northwind), MFA required",
                "pbkdf2-sha256$600000$p8zCebbw4dqPt2w3Gbd05w$CJpQHeEE0tA+WraR5GFQAYEzuxWGJKq7KjuCTI5OU5I"),
            new DemoAccount("nina@northwind.test", "nina-demo-password", "Northwind Partners (reseller) staff",
                "pbkdf2-sha256$600000$96FB77Lpo8DR4V8qEKQA5g$uGYkKnoKTLH9shEwdbXjWPC1eeb/O3kNtlkZ+ykmxIs"),
            new DemoAccount("oscar@contoso.test", "oscar-demo-password", "Contoso Resellers staff, MFA required by the reseller",
                "pbkdf2-sha256$600000$Lh3ZVGw+UplX/D3oyuiToQ$zg4dGAlKA4vQAhywYWUFnAIIWC2SLZFIcMqJYwNR0xg"),
            new DemoAccount("gina@globex.test", "gina-demo-password", "Globex (customer of Contoso), MFA required by its reseller",
                "pbkdf2-sha256$600000$81pkspbRguW0uH0YaO7xIQ$cumXOkra8Wa8CWXZqTz/wZzw+O630TYw4pBVVll7z+8"),
            new DemoAccount("admin@acme.test", "admin-demo-password", "administrator (MFA always required)",
                "pbkdf2-sha256$600000$fp8DMgp59x4K2+IDfiX3jw$3Qv2En59Woa5pxQETRJdjaKmbzJw+C4Sycym2N2Psl0"));

    private final JdbcTemplate db;

    Directory(JdbcTemplate db) {
        this.db = db;
    }

    /**
     * Creates the tables and the demo's organisations and users that are not there yet; safe when both portals
     * start at once (each user is created by one of them).
     *
     * @return the demo users this call created (empty when they were all there: not the first start)
     */
    List<String> createIfMissing(Passwords passwords) {
        db.execute("CREATE TABLE IF NOT EXISTS demo_organisation (id VARCHAR(40) PRIMARY KEY, name VARCHAR(100) "
                + "NOT NULL, parent_id VARCHAR(40), requires_mfa BOOLEAN NOT NULL)");
        db.execute("CREATE TABLE IF NOT EXISTS demo_user (email VARCHAR(254) PRIMARY KEY, name VARCHAR(100) NOT NULL, "
                + "organisation_id VARCHAR(40) NOT NULL, admin BOOLEAN NOT NULL, password_hash VARCHAR(200) NOT NULL, "
                + "session_epoch BIGINT DEFAULT 0 NOT NULL)");
        insertIgnoringDuplicate("INSERT INTO demo_organisation VALUES ('northwind', 'Northwind Partners', NULL, FALSE)");
        insertIgnoringDuplicate("INSERT INTO demo_organisation VALUES ('acme', 'Acme Corp', 'northwind', FALSE)");
        insertIgnoringDuplicate("INSERT INTO demo_organisation VALUES ('initech', 'Initech', 'northwind', TRUE)");
        insertIgnoringDuplicate("INSERT INTO demo_organisation VALUES ('contoso', 'Contoso Resellers', NULL, TRUE)");
        insertIgnoringDuplicate("INSERT INTO demo_organisation VALUES ('globex', 'Globex', 'contoso', FALSE)");
        Map<String, String> orgOf = Map.of("alice@acme.test", "acme", "bob@acme.test", "acme",
                "carol@initech.test", "initech", "nina@northwind.test", "northwind", "oscar@contoso.test", "contoso",
                "gina@globex.test", "globex", "admin@acme.test", "acme");
        // Hashing would be the slow part of a first start (600,000 iterations each): the committed hashes at the
        // default cost, otherwise (tests) a hash at the configured cost, only for users not there yet.
        return DEMO_ACCOUNTS.stream().filter(a -> user(a.email()).isEmpty()).filter(a -> insertIgnoringDuplicate(
                "INSERT INTO demo_user (email, name, organisation_id, admin, password_hash) VALUES (?, ?, ?, ?, ?)",
                a.email(), displayName(a.email()), orgOf.get(a.email()), a.email().startsWith("admin@"),
                passwords.iterations() == Passwords.DEFAULT_ITERATIONS ? a.defaultHash()
                        : passwords.hash(a.password().toCharArray()))).map(DemoAccount::email).toList();
    }

    private static String displayName(String email) {
        String local = email.substring(0, email.indexOf('@'));
        return local.substring(0, 1).toUpperCase(Locale.ROOT) + local.substring(1);
    }

    /** Inserts a row; returns false if it was there already. */
    private boolean insertIgnoringDuplicate(String sql, Object... args) {
        try {
            db.update(sql, args);
            return true;
        } catch (DuplicateKeyException alreadyThere) {
            // The other portal inserted it first.
            return false;
        }
    }

    /** An e-mail address as accounts are keyed: Kairos's canonical account id (NFC, trimmed, in lower case). */
    static String canonical(String email) {
        return Enrollments.canonicalAccountId(email);
    }

    /** The user with this e-mail address (case-insensitive, trimmed), if any. */
    Optional<User> user(String email) {
        if (email == null) {
            return Optional.empty();
        }
        return db.query("SELECT email, name, organisation_id, admin, password_hash FROM demo_user WHERE email = ?",
                (rs, n) -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5)), canonical(email)).stream().findFirst();
    }

    List<User> users() {
        return db.query("SELECT email, name, organisation_id, admin, password_hash FROM demo_user ORDER BY email",
                (rs, n) -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5)));
    }

    /** Resellers first, each followed by its customers. */
    List<Organisation> organisations() {
        List<Organisation> all = db.query("SELECT id, name, parent_id, requires_mfa FROM demo_organisation ORDER BY name",
                (rs, n) -> new Organisation(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                        rs.getBoolean(4)));
        Map<Optional<String>, List<Organisation>> byParent = all.stream()
                .collect(Collectors.groupingBy(Organisation::parentId));
        List<Organisation> ordered = new ArrayList<>();
        for (Organisation reseller : byParent.getOrDefault(Optional.<String>empty(), List.of())) {
            ordered.add(reseller);
            ordered.addAll(byParent.getOrDefault(Optional.of(reseller.id()), List.of()));
        }
        return ordered;
    }

    Optional<Organisation> organisation(String id) {
        return organisations().stream().filter(o -> o.id().equals(id)).findFirst();
    }

    /**
     * Whether users of this organisation must use MFA: its own setting or its reseller's.
     *
     * @return the organisation that requires it (itself or its reseller), or empty
     */
    Optional<Organisation> mfaRequiredBy(String organisationId) {
        Optional<Organisation> org = organisation(organisationId);
        if (org.isEmpty()) {
            return Optional.empty();
        }
        if (org.get().requiresMfa()) {
            return org;
        }
        return org.get().parentId().flatMap(this::organisation).filter(Organisation::requiresMfa);
    }

    /** Whether this user must use MFA: administrators always, everyone else as their organisation says. */
    boolean requiresMfa(String email) {
        return user(email).map(u -> u.admin() || mfaRequiredBy(u.organisationId()).isPresent()).orElse(false);
    }

    /** @throws IllegalArgumentException if there is no such organisation */
    void setRequiresMfa(String organisationId, boolean required) {
        if (db.update("UPDATE demo_organisation SET requires_mfa = ? WHERE id = ?", required, organisationId) != 1) {
            throw new IllegalArgumentException("no organisation " + organisationId);
        }
    }

    /** The account's session generation: sessions opened under an older one are ended (see {@link SessionEpochs}). */
    long sessionEpoch(String email) {
        return db.query("SELECT session_epoch FROM demo_user WHERE email = ?", (rs, n) -> rs.getLong(1), email)
                .stream().findFirst().orElse(-1L);
    }

    /** Ends every session of the account, on both portals, at its next request. */
    void endAllSessions(String email) {
        db.update("UPDATE demo_user SET session_epoch = session_epoch + 1 WHERE email = ?", email);
    }
}
