package dev.kairos.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's users and organisations: created at start, kept in memory. Users are identified by their e-mail
 * address, which is also the account id given to Kairos.
 */
final class Directory {

    /** An organisation; {@code requiresMfa} is switched on the admin page. */
    record Organisation(String id, String name) {}

    /** A user who can sign in; the password is only kept as a PBKDF2 hash. */
    record User(String email, String name, String organisationId, boolean admin, String passwordHash) {}

    /** A demo user and the password printed on the console. */
    record DemoAccount(String email, String password, String note) {}

    private final Map<String, Organisation> organisations = new LinkedHashMap<>();
    private final Map<String, Boolean> requiresMfa = new ConcurrentHashMap<>();
    private final Map<String, User> users = new LinkedHashMap<>();
    private final List<DemoAccount> demoAccounts = new ArrayList<>();
    private final Passwords passwords;

    private Directory(Passwords passwords) {
        this.passwords = passwords;
    }

    /** The demo data: Acme Corp leaves MFA optional, Initech requires it; the admin belongs to Acme. */
    static Directory demo(Passwords passwords) {
        Directory d = new Directory(passwords);
        d.organisation(new Organisation("acme", "Acme Corp"), false);
        d.organisation(new Organisation("initech", "Initech"), true);
        d.user("alice@acme.test", "Alice Archer", "acme", false, "alice-demo-password", "Acme Corp, MFA optional");
        d.user("bob@acme.test", "Bob Baker", "acme", false, "bob-demo-password", "Acme Corp, MFA optional");
        d.user("carol@initech.test", "Carol Chen", "initech", false, "carol-demo-password",
                "Initech, MFA required");
        d.user("dave@initech.test", "Dave Dunn", "initech", false, "dave-demo-password", "Initech, MFA required");
        d.user("admin@acme.test", "Ada Admin", "acme", true, "admin-demo-password", "administrator");
        return d;
    }

    private void organisation(Organisation o, boolean mfaRequired) {
        organisations.put(o.id(), o);
        requiresMfa.put(o.id(), mfaRequired);
    }

    private void user(String email, String name, String org, boolean admin, String password, String note) {
        users.put(email, new User(email, name, org, admin, passwords.hash(password.toCharArray())));
        demoAccounts.add(new DemoAccount(email, password, note));
    }

    /** Checks e-mail and password; takes as long for an unknown e-mail as for a wrong password. */
    Optional<User> authenticate(String email, char[] password) {
        User u = users.get(email.trim().toLowerCase(Locale.ROOT));
        boolean ok = passwords.matches(password, u == null ? null : u.passwordHash());
        return ok ? Optional.of(u) : Optional.empty();
    }

    Optional<User> user(String email) {
        return Optional.ofNullable(users.get(email));
    }

    List<User> users() {
        return List.copyOf(users.values());
    }

    Organisation organisation(String id) {
        return organisations.get(id);
    }

    List<Organisation> organisations() {
        return List.copyOf(organisations.values());
    }

    boolean requiresMfa(String organisationId) {
        return requiresMfa.getOrDefault(organisationId, false);
    }

    void setRequiresMfa(String organisationId, boolean required) {
        if (!organisations.containsKey(organisationId)) {
            throw new IllegalArgumentException("no organisation " + organisationId);
        }
        requiresMfa.put(organisationId, required);
    }

    List<DemoAccount> demoAccounts() {
        return Collections.unmodifiableList(demoAccounts);
    }
}
