package dev.kairos.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.kairos.demo.Directory.User;
import dev.kairos.demo.Sessions.Session;
import dev.kairos.demo.Sessions.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The login portal: every route, who may reach it, and its pages. One {@link HttpHandler} for the whole site, so
 * unknown paths (404), wrong methods (405), oversized bodies (413), missing CSRF tokens (403) and server errors
 * (500) all end in the same clean error page.
 */
final class Portal implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(Portal.class.getName());
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Who may reach a route. */
    private enum Access {
        /** Anyone (the sign-in form, the style sheet). */
        PUBLIC,
        /** Any session (sign-out). */
        ANY_SESSION,
        /** Password accepted, code not yet. */
        AWAITING_CODE,
        /** Right after activating MFA: the recovery codes. */
        RECOVERY_CODES,
        /** Signed in, including a user whose organisation requires MFA they have not set up yet. */
        SETUP,
        /** Signed in, and MFA set up if the organisation requires it. */
        SIGNED_IN,
        /** Signed in as an administrator. */
        ADMIN
    }

    @FunctionalInterface
    private interface Handler {
        void handle(Request req) throws IOException;
    }

    private record Route(Set<String> methods, Access access, Handler get, Handler post) {}

    private final Map<String, Route> routes = new HashMap<>();
    private final Directory directory;
    private final Sessions sessions;
    private final Mfa mfa;
    private final AuditLog audit;
    private final Clock clock;
    private final byte[] css;

    Portal(Directory directory, Sessions sessions, Mfa mfa, AuditLog audit, Clock clock) {
        this.directory = directory;
        this.sessions = sessions;
        this.mfa = mfa;
        this.audit = audit;
        this.clock = clock;
        this.css = resource("style.css");
        get("/", Access.PUBLIC, this::home);
        get("/style.css", Access.PUBLIC, r -> r.send(200, "text/css; charset=utf-8", css));
        both("/login", Access.PUBLIC, this::loginPage, this::login);
        both("/login/code", Access.AWAITING_CODE, r -> codePage(r, 200, null), this::submitCode);
        both("/login/recovery", Access.AWAITING_CODE, r -> recoveryPage(r, 200, null), this::submitRecovery);
        post("/logout", Access.ANY_SESSION, this::logout);
        get("/account", Access.SIGNED_IN, this::account);
        both("/mfa/setup", Access.SETUP, this::setupPage, this::confirmSetup);
        get("/mfa/recovery-codes", Access.RECOVERY_CODES, this::recoveryCodes);
        get("/mfa/recovery-codes.txt", Access.RECOVERY_CODES, this::recoveryCodesText);
        both("/mfa/disable", Access.SIGNED_IN, r -> disablePage(r, 200, null), this::disable);
        get("/admin", Access.ADMIN, this::admin);
        post("/admin/enforcement", Access.ADMIN, this::setEnforcement);
        post("/admin/reset", Access.ADMIN, this::resetMfa);
        get("/admin/audit", Access.ADMIN, this::auditLog);
    }

    private void get(String path, Access access, Handler h) {
        routes.put(path, new Route(Set.of("GET"), access, h, null));
    }

    private void post(String path, Access access, Handler h) {
        routes.put(path, new Route(Set.of("POST"), access, null, h));
    }

    private void both(String path, Access access, Handler get, Handler post) {
        routes.put(path, new Route(Set.of("GET", "POST"), access, get, post));
    }

    // ---------------------------------------------------------------- dispatch

    @Override
    public void handle(HttpExchange exchange) {
        Request req = new Request(exchange);
        try {
            dispatch(req);
        } catch (HttpError e) {
            errorPage(req, e.status, e.title, e.getMessage());
        } catch (Exception | Error e) {
            // The page shows an incident id, the log the details: never a stack trace to the browser.
            String incident = UUID.randomUUID().toString().substring(0, 8);
            LOG.log(Level.SEVERE, "incident " + incident + " on " + req.method() + " " + req.path(), e);
            errorPage(req, 500, "Something went wrong",
                    "The server could not complete this request (incident " + incident + "). Nothing was changed.");
        } finally {
            exchange.close();
        }
    }

    private void dispatch(Request req) throws IOException {
        Route route = routes.get(req.path());
        if (route == null) {
            throw new HttpError(404, "Page not found", "There is no page at this address.");
        }
        if (!route.methods.contains(req.method())) {
            req.header("Allow", String.join(", ", route.methods.stream().sorted().toList()));
            throw new HttpError(405, "Method not allowed", "This page does not accept " + req.method() + ".");
        }
        boolean post = req.method().equals("POST");
        if (post) {
            req.readForm();
        }
        req.session = req.cookie(Sessions.COOKIE).flatMap(sessions::find).orElse(null);
        if (!mayEnter(req, route.access, post)) {
            return;
        }
        if (post) {
            if (req.session == null) {
                throw HttpError.forbidden("Your session has expired or is not valid. Reload the page and sign in again.");
            }
            if (!req.session.csrfMatches(req.field("csrf"))) {
                throw HttpError.forbidden("This form has expired or was not sent by this site. Reload the page "
                        + "and try again; nothing was changed.");
            }
            route.post.handle(req);
        } else {
            route.get.handle(req);
        }
    }

    /** Checks the route's access rule; redirects a GET that may not enter, refuses a POST. */
    private boolean mayEnter(Request req, Access access, boolean post) throws IOException {
        Session s = req.session;
        Stage stage = s == null ? null : s.stage;
        boolean ok = switch (access) {
            case PUBLIC -> true;
            case ANY_SESSION -> s != null;
            case AWAITING_CODE -> stage == Stage.AWAITING_CODE;
            case RECOVERY_CODES -> stage == Stage.SHOWING_RECOVERY_CODES;
            case SETUP, SIGNED_IN, ADMIN -> stage == Stage.SIGNED_IN;
        };
        if (ok && (access == Access.SIGNED_IN || access == Access.ADMIN) && setupRequired(s)) {
            // Enforcement: until MFA is set up, the wizard is the only page.
            if (post) {
                throw HttpError.forbidden("Your organisation requires MFA. Set it up before doing anything else.");
            }
            req.redirect("/mfa/setup");
            return false;
        }
        if (ok && access == Access.ADMIN && !user(s).admin()) {
            throw HttpError.forbidden("This page is for administrators.");
        }
        if (ok) {
            return true;
        }
        if (post) {
            throw HttpError.forbidden("Your session has expired or is not valid. Reload the page and sign in again.");
        }
        req.redirect("/");
        return false;
    }

    private boolean setupRequired(Session s) {
        return s != null && s.stage == Stage.SIGNED_IN && directory.requiresMfa(user(s).organisationId())
                && !mfa.isActive(s.email);
    }

    private User user(Session s) {
        return directory.user(s.email).orElseThrow(() -> new IllegalStateException("session of an unknown user"));
    }

    // ---------------------------------------------------------------- sign in

    private void home(Request req) throws IOException {
        Stage stage = req.session == null ? Stage.ANONYMOUS : req.session.stage;
        req.redirect(switch (stage) {
            case ANONYMOUS -> "/login";
            case AWAITING_CODE -> "/login/code";
            case SIGNED_IN -> "/account";
            case SHOWING_RECOVERY_CODES -> "/mfa/recovery-codes";
        });
    }

    private void loginPage(Request req) throws IOException {
        if (req.session != null && req.session.stage == Stage.SIGNED_IN) {
            req.redirect("/account");
            return;
        }
        if (req.session == null) {
            req.session = sessions.create();
            req.setSessionCookie(req.session.id);
        }
        loginForm(req, 200, null);
    }

    private void loginForm(Request req, int status, String error) throws IOException {
        req.html(status, Layout.page("Sign in", null, req.session.takeNotice(), error, Html.of("""
                <form method="post" action="/login" class="card narrow">
                  {}
                  <label for="email">E-mail</label>
                  <input id="email" name="email" type="email" autocomplete="username" required maxlength="254" autofocus>
                  <label for="password">Password</label>
                  <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200">
                  <button type="submit" id="sign-in">Sign in</button>
                </form>""", csrf(req))));
    }

    private void login(Request req) throws IOException {
        Optional<User> user = directory.authenticate(req.field("email"), req.field("password").toCharArray());
        if (user.isEmpty()) {
            audit.record(req.field("email"), "SIGN_IN_FAILED", req.field("email"), "wrong e-mail or password");
            loginForm(req, 200, "Wrong e-mail or password.");
            return;
        }
        Session s = sessions.rotate(req.session);
        s.email = user.get().email();
        s.stage = mfa.isActive(s.email) ? Stage.AWAITING_CODE : Stage.SIGNED_IN;
        req.setSessionCookie(s.id);
        req.redirect(s.stage == Stage.AWAITING_CODE ? "/login/code" : "/account");
    }

    private void codePage(Request req, int status, String error) throws IOException {
        req.html(status, Layout.page("Two-step verification", null, req.session.takeNotice(), error, Html.of("""
                <form method="post" action="/login/code" class="card narrow">
                  {}
                  <p>Open your authenticator app and enter the 6&#8209;digit code for <strong>{}</strong>.</p>
                  <label for="code">Code</label>
                  <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*"
                         maxlength="7" required autofocus class="code">
                  <button type="submit" id="verify">Verify</button>
                  <p class="aside"><a href="/login/recovery" id="use-recovery">Lost your phone? Use a recovery code</a></p>
                </form>""", csrf(req), req.session.email)));
    }

    private void submitCode(Request req) throws IOException {
        Mfa.Outcome o = mfa.verify(req.session.email, stripSpaces(req.field("code")));
        if (o instanceof Mfa.Accepted) {
            signedIn(req, null);
        } else if (o instanceof Mfa.Refused r && r.reason() == Mfa.Reason.NOT_ENROLLED) {
            // MFA was reset by an administrator after the password step: start again.
            signedIn(req, "Two-step verification is no longer set up for your account.");
        } else {
            Mfa.Refused r = (Mfa.Refused) o;
            codePage(req, statusOf(r), refusal(r));
        }
    }

    private void recoveryPage(Request req, int status, String error) throws IOException {
        req.html(status, Layout.page("Use a recovery code", null, null, error, Html.of("""
                <form method="post" action="/login/recovery" class="card narrow">
                  {}
                  <p>Enter one of the recovery codes you saved when you set up two-step verification.
                     Each code works once.</p>
                  <label for="recovery-code">Recovery code</label>
                  <input id="recovery-code" name="recovery_code" autocomplete="off" maxlength="64" required autofocus class="code">
                  <button type="submit" id="recover">Sign in</button>
                  <p class="aside"><a href="/login/code">Back to the code from the app</a></p>
                </form>""", csrf(req))));
    }

    private void submitRecovery(Request req) throws IOException {
        Mfa.Outcome o = mfa.recover(req.session.email, req.field("recovery_code").trim());
        if (o instanceof Mfa.Accepted a) {
            signedIn(req, "You signed in with a recovery code. " + remaining(a.recoveryCodesLeft())
                    + " If you lost your phone, turn two-step verification off and on again to link a new one.");
        } else {
            Mfa.Refused r = (Mfa.Refused) o;
            recoveryPage(req, statusOf(r), r.reason() == Mfa.Reason.WRONG_CODE
                    ? "That recovery code is not valid (or was used already)." : refusal(r));
        }
    }

    private static String remaining(int left) {
        return left == 1 ? "1 recovery code remains." : left + " recovery codes remain.";
    }

    private void signedIn(Request req, String notice) throws IOException {
        Session s = sessions.rotate(req.session);
        s.stage = Stage.SIGNED_IN;
        s.notice = notice;
        req.setSessionCookie(s.id);
        req.redirect("/account");
    }

    private void logout(Request req) throws IOException {
        boolean afterActivation = req.session.stage == Stage.SHOWING_RECOVERY_CODES;
        sessions.invalidate(req.session);
        Session fresh = sessions.create();
        fresh.notice = afterActivation
                ? "Two-step verification is on. Sign in again with the code from your authenticator app."
                : "You are signed out.";
        req.setSessionCookie(fresh.id);
        req.redirect("/login");
    }

    // ---------------------------------------------------------------- my account

    private void account(Request req) throws IOException {
        User u = user(req.session);
        boolean active = mfa.isActive(u.email());
        boolean required = directory.requiresMfa(u.organisationId());
        Html mfaPart = active
                ? Html.of("""
                        <p class="status on">Two-step verification is <strong>on</strong>.</p>
                        {}""", required
                        ? Html.of("<p class=\"aside\">{} requires it, so it cannot be turned off.</p>",
                                directory.organisation(u.organisationId()).name())
                        : Html.of("<a class=\"button secondary\" href=\"/mfa/disable\" id=\"disable-mfa\">Disable MFA</a>"))
                : Html.of("""
                        <p class="status off">Two-step verification is <strong>off</strong>.</p>
                        <p>Protect your account with an authenticator app (Google Authenticator, Microsoft
                           Authenticator, 1Password, Aegis…): after your password, you will enter the 6-digit code
                           it shows.</p>
                        <a class="button" href="/mfa/setup" id="enable-mfa">Enable MFA</a>""");
        req.html(200, Layout.page("My account", nav(req), req.session.takeNotice(), null, Html.of("""
                <section class="card">
                  <h2>Profile</h2>
                  <dl>
                    <dt>Name</dt><dd id="name">{}</dd>
                    <dt>E-mail</dt><dd>{}</dd>
                    <dt>Organisation</dt><dd>{}{}</dd>
                  </dl>
                </section>
                <section class="card" id="mfa">
                  <h2>Two-step verification (MFA)</h2>
                  {}
                </section>""", u.name(), u.email(), directory.organisation(u.organisationId()).name(),
                required ? Html.of(" <span class=\"badge\">MFA required</span>") : Html.EMPTY, mfaPart)));
    }

    private void setupPage(Request req) throws IOException {
        if (mfa.isActive(req.session.email)) {
            req.session.notice = "Two-step verification is already on.";
            req.redirect("/account");
            return;
        }
        setupForm(req, 200, null);
    }

    private void setupForm(Request req, int status, String error) throws IOException {
        Session s = req.session;
        if (s.pendingSetup == null) {
            s.pendingSetup = mfa.begin(s.email);
        }
        Mfa.Setup setup = s.pendingSetup;
        boolean forced = setupRequired(s);
        req.html(status, Layout.page("Enable MFA", forced ? nav(req, false) : nav(req), null, error, Html.of("""
                {}
                <section class="card wizard">
                  <ol class="steps">
                    <li>
                      <h2>Scan this QR code with your authenticator app</h2>
                      <img id="qr" src="{}" alt="QR code to scan with an authenticator app" width="256" height="256">
                      <details open>
                        <summary>Can't scan? Type this key</summary>
                        <dl>
                          <dt>Key</dt><dd><code id="manual-key">{}</code></dd>
                          <dt>Issuer</dt><dd id="issuer">{}</dd>
                          <dt>Account</dt><dd id="account">{}</dd>
                          <dt>Type</dt><dd>Time-based (TOTP), 6 digits, every 30 seconds</dd>
                        </dl>
                      </details>
                    </li>
                    <li>
                      <h2>Enter the 6-digit code the app shows</h2>
                      <form method="post" action="/mfa/setup">
                        {}
                        <label for="code">Verification code</label>
                        <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code"
                               pattern="[0-9 ]*" maxlength="7" required autofocus class="code">
                        <button type="submit" id="save">Save</button>
                        {}
                      </form>
                    </li>
                  </ol>
                </section>""",
                forced ? Html.of("<p class=\"notice\">{} requires two-step verification. Set it up to continue.</p>",
                        directory.organisation(user(s).organisationId()).name()) : Html.EMPTY,
                setup.qrDataUri(), setup.manualEntryKey(), setup.issuer(), setup.account(), csrf(req),
                forced ? Html.EMPTY : Html.of("<a href=\"/account\" class=\"cancel\">Cancel</a>"))));
    }

    private void confirmSetup(Request req) throws IOException {
        Session s = req.session;
        if (s.pendingSetup == null) {
            req.redirect("/mfa/setup");
            return;
        }
        Mfa.Outcome o = mfa.confirm(s.email, stripSpaces(req.field("code")));
        if (o instanceof Mfa.Confirmed c) {
            Session next = sessions.rotate(s);
            next.pendingSetup = null;
            next.recoveryCodes = c.recoveryCodes();
            next.stage = Stage.SHOWING_RECOVERY_CODES;
            req.setSessionCookie(next.id);
            req.redirect("/mfa/recovery-codes");
            return;
        }
        Mfa.Refused r = (Mfa.Refused) o;
        if (r.reason() == Mfa.Reason.NOTHING_PENDING) {
            s.pendingSetup = null; // expired or replaced: show a fresh QR code
            setupForm(req, 200, "That setup expired. Scan this new QR code.");
        } else {
            setupForm(req, statusOf(r), r.reason() == Mfa.Reason.WRONG_CODE
                    ? "That code is not right. Check that the app shows the entry for " + s.email
                      + " and enter the code it shows now." : refusal(r));
        }
    }

    private void recoveryCodes(Request req) throws IOException {
        List<String> codes = req.session.recoveryCodes;
        req.html(200, Layout.page("Save your recovery codes", null, null, null, Html.of("""
                <section class="card">
                  <p class="status on">Two-step verification is <strong>on</strong>.</p>
                  <p>If you lose your phone, each of these codes lets you sign in <strong>once</strong>.
                     Save them somewhere safe now: <strong>they are shown only this once.</strong></p>
                  <ol class="recovery-codes" id="recovery-codes">{}</ol>
                  <p><a class="button secondary" href="/mfa/recovery-codes.txt" download="kairos-demo-recovery-codes.txt"
                        id="download">Download as text</a></p>
                  <form method="post" action="/logout">
                    {}
                    <button type="submit" id="done">I saved them, sign in again</button>
                  </form>
                </section>""", Html.each(codes, c -> Html.of("<li><code>{}</code></li>", c)), csrf(req))));
    }

    private void recoveryCodesText(Request req) throws IOException {
        StringBuilder sb = new StringBuilder("Kairos Demo recovery codes for ").append(req.session.email)
                .append("\nEach code signs you in once.\n\n");
        req.session.recoveryCodes.forEach(c -> sb.append(c).append('\n'));
        req.header("Content-Disposition", "attachment; filename=\"kairos-demo-recovery-codes.txt\"");
        req.send(200, "text/plain; charset=utf-8", sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void disablePage(Request req, int status, String error) throws IOException {
        User u = user(req.session);
        if (!mfa.isActive(u.email())) {
            req.redirect("/account");
            return;
        }
        if (directory.requiresMfa(u.organisationId())) {
            throw HttpError.forbidden(directory.organisation(u.organisationId()).name()
                    + " requires two-step verification; it cannot be turned off.");
        }
        req.html(status, Layout.page("Disable MFA", nav(req), null, error, Html.of("""
                <form method="post" action="/mfa/disable" class="card narrow">
                  {}
                  <p>To turn two-step verification off, prove you still have your authenticator: enter its
                     current code, or one of your recovery codes.</p>
                  <label for="code">Code or recovery code</label>
                  <input id="code" name="code" autocomplete="one-time-code" maxlength="64" required autofocus class="code">
                  <button type="submit" id="confirm-disable" class="danger">Disable MFA</button>
                  <a href="/account" class="cancel">Cancel</a>
                </form>""", csrf(req))));
    }

    private void disable(Request req) throws IOException {
        User u = user(req.session);
        if (directory.requiresMfa(u.organisationId())) {
            throw HttpError.forbidden(directory.organisation(u.organisationId()).name()
                    + " requires two-step verification; it cannot be turned off.");
        }
        String input = req.field("code").trim();
        String code = stripSpaces(input);
        Mfa.Outcome o = mfa.disable(u.email(), code.chars().allMatch(Character::isDigit) ? code : input);
        if (o instanceof Mfa.Accepted) {
            req.session.notice = "Two-step verification is off.";
            req.redirect("/account");
        } else {
            Mfa.Refused r = (Mfa.Refused) o;
            if (r.reason() == Mfa.Reason.NOT_ENROLLED) {
                req.redirect("/account");
                return;
            }
            disablePage(req, statusOf(r), refusal(r));
        }
    }

    // ---------------------------------------------------------------- admin

    private void admin(Request req) throws IOException {
        Html orgs = Html.each(directory.organisations(), o -> {
            boolean on = directory.requiresMfa(o.id());
            return Html.of("""
                    <tr><td>{}</td><td>{}</td><td>
                      <form method="post" action="/admin/enforcement" class="inline">
                        {}<input type="hidden" name="organisation" value="{}">
                        <input type="hidden" name="required" value="{}">
                        <button type="submit" class="{}" id="enforce-{}">{}</button>
                      </form></td></tr>""", o.name(), on ? "required" : "optional", csrf(req), o.id(),
                    on ? "false" : "true", on ? "secondary" : "", o.id(), on ? "Make MFA optional" : "Require MFA");
        });
        Html users = Html.each(directory.users(), u -> {
            boolean active = mfa.isActive(u.email());
            return Html.of("""
                    <tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>""", u.name(), u.email(),
                    directory.organisation(u.organisationId()).name(), active ? "on" : "off", active ? Html.of("""
                            <form method="post" action="/admin/reset" class="inline">
                              {}<input type="hidden" name="email" value="{}">
                              <button type="submit" class="danger" id="reset-{}">Reset MFA</button>
                            </form>""", csrf(req), u.email(), u.email()) : Html.EMPTY);
        });
        req.html(200, Layout.page("Administration", nav(req), req.session.takeNotice(), null, Html.of("""
                <section class="card">
                  <h2>Organisations</h2>
                  <table><thead><tr><th>Organisation</th><th>MFA</th><th></th></tr></thead><tbody>{}</tbody></table>
                </section>
                <section class="card">
                  <h2>Users</h2>
                  <p class="aside">Resetting a user's MFA removes their authenticator and recovery codes (for a user
                     who lost both). It is recorded in the <a href="/admin/audit">audit log</a>.</p>
                  <table><thead><tr><th>Name</th><th>E-mail</th><th>Organisation</th><th>MFA</th><th></th></tr></thead>
                  <tbody>{}</tbody></table>
                </section>""", orgs, users)));
    }

    private void setEnforcement(Request req) throws IOException {
        String org = req.field("organisation");
        if (directory.organisation(org) == null) {
            throw HttpError.badRequest("There is no such organisation.");
        }
        String required = req.field("required");
        if (!required.equals("true") && !required.equals("false")) {
            throw HttpError.badRequest("Say whether MFA is required with true or false.");
        }
        boolean on = required.equals("true");
        directory.setRequiresMfa(org, on);
        audit.record(req.session.email, on ? "MFA_REQUIRED" : "MFA_OPTIONAL", "", directory.organisation(org).name());
        req.session.notice = directory.organisation(org).name() + (on ? " now requires MFA." : " now leaves MFA optional.");
        req.redirect("/admin");
    }

    private void resetMfa(Request req) throws IOException {
        String email = req.field("email");
        if (directory.user(email).isEmpty()) {
            throw HttpError.badRequest("There is no such user.");
        }
        mfa.reset(email, req.session.email);
        if (!email.equals(req.session.email)) {
            sessions.invalidateAllOf(email);
        }
        req.session.notice = "Two-step verification of " + email + " was reset.";
        req.redirect("/admin");
    }

    private void auditLog(Request req) throws IOException {
        List<AuditLog.Entry> entries = audit.newestFirst();
        req.html(200, Layout.page("Audit log", nav(req), null, null, Html.of("""
                <section class="card">
                  <table id="audit"><thead><tr><th>Time</th><th>Actor</th><th>Event</th><th>Account</th><th>Detail</th></tr></thead>
                  <tbody>{}</tbody></table>{}
                </section>""", Html.each(entries, e -> Html.of("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                TIME.format(e.at()), e.actor(), e.action(), e.account(), e.detail())),
                entries.isEmpty() ? Html.of("<p class=\"aside\">Nothing yet.</p>") : Html.EMPTY)));
    }

    // ---------------------------------------------------------------- helpers

    private Html nav(Request req) {
        return nav(req, true);
    }

    private Html nav(Request req, boolean links) {
        User u = user(req.session);
        return Html.of("""
                <nav>{}<span class="who">{}</span>
                  <form method="post" action="/logout" class="inline">{}<button type="submit" class="link" id="sign-out">Sign out</button></form>
                </nav>""", links ? Html.of("<a href=\"/account\">My account</a>{}", u.admin()
                        ? Html.of("<a href=\"/admin\">Admin</a><a href=\"/admin/audit\">Audit log</a>") : Html.EMPTY)
                        : Html.EMPTY, u.email(), csrf(req));
    }

    private static Html csrf(Request req) {
        return Html.of("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", req.session.csrfToken);
    }

    private String refusal(Mfa.Refused r) {
        return switch (r.reason()) {
            case MALFORMED -> "A code is 6 digits (0-9). Enter the code your authenticator app shows.";
            case WRONG_CODE -> "That code is not right. Enter the code your app shows now.";
            case REPLAYED -> "That code was already used. Wait for the next code in your app (a new one every 30 "
                    + "seconds) and enter it.";
            case LOCKED_OUT -> r.lockedUntil() == null
                    ? "Too many wrong codes. Sign in with a recovery code, or ask an administrator for help."
                    : "Too many wrong codes. Try again after " + TIME.format(r.lockedUntil()) + " (in "
                    + wait(Duration.between(clock.instant(), r.lockedUntil())) + ").";
            case NOT_ENROLLED -> "Two-step verification is not set up for this account.";
            case NOTHING_PENDING -> "There is no setup in progress.";
        };
    }

    private static String wait(Duration d) {
        long s = Math.max(1, d.toSeconds());
        return s < 120 ? s + " seconds" : (s + 59) / 60 + " minutes";
    }

    private static int statusOf(Mfa.Refused r) {
        return switch (r.reason()) {
            case MALFORMED -> 400;
            case LOCKED_OUT -> 429;
            default -> 200;
        };
    }

    private static String stripSpaces(String code) {
        return code.replace(" ", "");
    }

    private void errorPage(Request req, int status, String title, String message) {
        if (req.answered()) {
            return;
        }
        try {
            req.html(status, Layout.page(title, null, null, null, Html.of("""
                    <section class="card narrow error-page">
                      <p class="status-code">{}</p>
                      <p id="error-message">{}</p>
                      <p><a href="/">Go to the start page</a></p>
                    </section>""", status, message)));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "could not send the error page", e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = Portal.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
