package dev.kairos.demo;

import dev.kairos.mfa.BeginResult;
import dev.kairos.mfa.EnrollmentConflictException;
import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.Outcome;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.qr.QrCode;
import dev.kairos.spring.Html;
import dev.kairos.spring.KairosFactors;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo's own pages: sign-in form, My Account, the set-up wizard (its form posts to the starter's
 * {@code /mfa/setup}, which shows the recovery codes once) and the MFA page with Disable (posting to the starter's
 * {@code /mfa/disable}), and the admin pages. The code and recovery-code pages after the password are the
 * starter's.
 */
@RestController
final class PortalController {

    /** The session attribute holding the set-up shown last, so that a reload shows it again (no new secret). */

    private final Pages pages;
    private final Layout layout;
    private final Directory directory;
    private final Enrollments mfa;
    private final AuditLog audit;
    private final PasswordThrottle throttle;
    private final Clock clock;

    PortalController(Pages pages, Directory directory, Enrollments mfa, AuditLog audit, PasswordThrottle throttle,
            Clock clock) {
        this.pages = pages;
        this.layout = pages.layout();
        this.directory = directory;
        this.mfa = mfa;
        this.audit = audit;
        this.throttle = throttle;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- sign in

    @GetMapping("/")
    ResponseEntity<String> home() {
        return ResponseEntity.status(302).header("Location", "/account").build();
    }

    @GetMapping("/login")
    ResponseEntity<String> login(HttpServletRequest request) {
        String notice = request.getParameter("ended") != null
                ? "Your two-step verification changed, so every session of your account was signed out. Sign in "
                  + "again (with the code from your app if it is on)."
                : request.getParameter("signed-out") != null ? "You are signed out." : null;
        return Pages.send(200, pages.login(request, notice, null));
    }

    // ---------------------------------------------------------------- my account

    @GetMapping("/account")
    ResponseEntity<String> account(HttpServletRequest request, Authentication auth) {
        Directory.User u = user(auth);
        Directory.Organisation org = directory.organisation(u.organisationId()).orElseThrow();
        boolean on = mfa.status(u.email()) == EnrollmentStatus.ACTIVE;
        String reseller = org.parentId().flatMap(directory::organisation).map(r -> " (customer of " + r.name() + ")")
                .orElse(" (reseller)");
        return Pages.send(200, layout.page("My account", Pages.nav(request, u.email(), u.admin()),
                Pages.takeNotice(request), null, Html.of("""
                        <section class="card">
                          <dl><dt>Name</dt><dd id="name">{}</dd><dt>E-mail</dt><dd>{}</dd>
                              <dt>Organisation</dt><dd id="organisation">{}{}</dd></dl>
                          <p class="status {}" id="mfa-status">Two-step verification is <strong>{}</strong>.</p>
                          <p><a class="button" href="/mfa/setup" id="manage-mfa">Manage MFA</a></p>
                        </section>""", u.name(), u.email(), org.name(), reseller, on ? "on" : "off",
                        on ? "on" : "off")));
    }

    /** The starter's session attribute for the set-up handle (TotpPageFilter.SETUP_HANDLE). */
    private static final String SETUP_HANDLE = "dev.kairos.spring.setupHandle";

    /** Times on pages: unambiguous, ASCII digits, UTC (as the starter writes them). */
    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * The set-up wizard, or, with MFA on, the page to turn it off. The starter serves the POSTs to the same path
     * (confirming: recovery codes shown in that response only) and to {@code /mfa/disable}.
     */
    @GetMapping("/mfa/setup")
    ResponseEntity<String> setup(HttpServletRequest request, Authentication auth) {
        Directory.User u = user(auth);
        Optional<String> requiredBy = requiredBy(u);
        Html nav = Pages.nav(request, u.email(), u.admin());
        if (mfa.status(u.email()) == EnrollmentStatus.ACTIVE) {
            if (!hasTotpFactor(auth)) {
                // Signed in with the password only: the code comes first.
                return ResponseEntity.status(302).header("Location", "/login/totp").build();
            }
            return Pages.send(200, layout.page("Manage MFA", nav, Pages.takeNotice(request), null,
                    requiredBy.isPresent()
                            ? Html.of("""
                                    <section class="card narrow"><p class="status on">Two-step verification is <strong>on</strong>.</p>
                                    <p id="required">{} requires it, so it cannot be turned off.</p></section>""",
                                    requiredBy.get())
                            : Html.of("""
                                    <form method="post" action="/mfa/disable" class="card narrow">
                                      {}
                                      <p class="status on">Two-step verification is <strong>on</strong>.</p>
                                      <p>To turn it off, prove you still have your authenticator: enter its current
                                         code, or one of your recovery codes.</p>
                                      <label for="code">Code or recovery code</label>
                                      <input id="code" name="code" autocomplete="one-time-code" maxlength="64" required class="code">
                                      <button type="submit" id="confirm-disable" class="danger">Disable MFA</button>
                                      <a href="/account" class="cancel">Cancel</a>
                                    </form>""", Pages.csrf(request))));
        }
        // The starter confirms the set-up this session began (its handle in the session): a reload shows the same
        // set-up, and a set-up begun elsewhere is never replaced (issue 20; the full flow comes with the starter's).
        Object held = request.getSession().getAttribute(SETUP_HANDLE);
        Optional<PendingEnrollment> shown = held instanceof String h ? mfa.pending(u.email(), h) : Optional.empty();
        if (shown.isEmpty()) {
            BeginResult begun;
            try {
                begun = mfa.withOrigin(origin(request)).begin(u.email(), u.email());
            } catch (EnrollmentConflictException raced) {
                return ResponseEntity.status(302).header("Location", "/mfa/setup").build();
            }
            if (begun instanceof BeginResult.TicketRequired || begun instanceof BeginResult.TicketRefused) {
                return Pages.send(403, layout.page("Set up two-step verification", nav, null, null,
                        ticketForm(request)));
            }
            if (begun instanceof BeginResult.InProgress elsewhere) {
                return Pages.send(409, layout.page("Set up two-step verification", nav, null, null, Html.of("""
                        <section class="card narrow"><p id="in-progress">A set-up of two-step verification was
                        started elsewhere and stays open until {}. If that was not you, change your password.</p>
                        </section>""", UNTIL.format(elsewhere.until()))));
            }
            if (begun.pending().isEmpty()) {
                return Pages.send(409, layout.page("Set up two-step verification", nav, null, null, Html.of("""
                        <section class="card narrow"><p>The set-up could not begin. Try again later.</p>
                        </section>""")));
            }
            shown = begun.pending();
            request.getSession().setAttribute(SETUP_HANDLE, shown.get().handle());
        }
        PendingEnrollment pending = shown.get();
        Instant now = clock.instant();
        long period = 30;
        long left = period - Math.floorMod(now.getEpochSecond(), period);
        return Pages.send(200, layout.page("Set up two-step verification", nav, null, null, Html.of("""
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
                      <p class="aside" id="countdown" data-server-ms="{}" data-period="{}">The code in your app
                         changes in <strong id="seconds-left">{}</strong> s: if it is about to change, wait for the next one.</p>
                      <form method="post" action="/mfa/setup">
                        {}
                        <label for="code">Verification code</label>
                        <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code"
                               pattern="[0-9 ]*" maxlength="7" required class="code">
                        <button type="submit" id="save">Save</button>
                        {}
                      </form>
                    </li>
                  </ol>
                </section>
                <script src="/countdown.js"></script>""",
                requiredBy.map(by -> Html.of("<p class=\"notice\" id=\"forced\">{} requires two-step verification. "
                        + "Set it up to continue.</p>", by)).orElse(Html.EMPTY),
                QrCode.of(pending.uri()).toDataUri(), pending.manualEntryKey(), pending.issuer(), pending.label(),
                now.toEpochMilli(), period, left, Pages.csrf(request),
                requiredBy.isPresent() ? Html.EMPTY : Html.of("<a href=\"/account\" class=\"cancel\">Cancel</a>"))));
    }

    /**
     * The enrollment ticket an administrator needs to set up (issue 20: the password alone does not bind), posted
     * to the starter's {@code kairos.web.begin-path}, which begins the set-up with it and comes back here (a wrong,
     * used or expired ticket: the starter's ticket page says so and asks again).
     */
    private static Html ticketForm(HttpServletRequest request) {
        return Html.of("""
                <form method="post" action="/mfa/setup/begin" class="card narrow">
                  {}
                  <p id="ticket-required">Your account needs an enrollment ticket to set up two-step verification:
                     your password alone is not enough. The demo printed one to its console at its first start.</p>
                  <label for="ticket">Enrollment ticket</label>
                  <input id="ticket" name="ticket" autocomplete="off" maxlength="64" required class="code">
                  <button type="submit" id="use-ticket">Continue</button>
                </form>""", Pages.csrf(request));
    }

    // ---------------------------------------------------------------- admin

    @GetMapping("/admin")
    ResponseEntity<String> admin(HttpServletRequest request, Authentication auth) {
        Directory.User me = user(auth);
        Html orgs = Html.each(directory.organisations(), o -> {
            Optional<String> by = directory.mfaRequiredBy(o.id()).map(Directory.Organisation::name);
            // A customer whose reseller requires MFA gets nothing from requiring it too: no button, the reason.
            boolean byReseller = by.isPresent() && !o.requiresMfa();
            return Html.of("""
                    <tr><td>{}{}</td><td>{}</td><td id="effective-{}">{}</td><td>{}</td></tr>""",
                    o.parentId().isPresent() ? Html.of("&nbsp;&nbsp;↳ ") : Html.EMPTY, o.name(),
                    o.parentId().flatMap(directory::organisation).map(r -> "customer of " + r.name()).orElse("reseller"),
                    o.id(), by.map(n -> "required (by " + n + ")").orElse("optional"), byReseller
                            ? Html.of("<span class=\"aside\" id=\"enforce-{}\">set by {}</span>", o.id(), by.get())
                            : Html.of("""
                                    <form method="post" action="/admin/enforcement" class="inline">
                                      {}<input type="hidden" name="organisation" value="{}">
                                      <input type="hidden" name="required" value="{}">
                                      <button type="submit" class="{}" id="enforce-{}">{}</button>
                                    </form>""", Pages.csrf(request), o.id(), !o.requiresMfa(),
                                    o.requiresMfa() ? "secondary" : "", o.id(),
                                    o.requiresMfa() ? "Make MFA optional" : "Require MFA"));
        });
        Html users = Html.each(directory.users(), u -> {
            boolean on = mfa.status(u.email()) == EnrollmentStatus.ACTIVE;
            Optional<String> locked = lockout(u.email());
            boolean self = u.email().equals(me.email());
            return Html.of("<tr><td>{}</td><td>{}</td><td>{}</td><td id=\"lock-{}\">{}</td><td>{}{}</td></tr>",
                    u.email(), directory.organisation(u.organisationId()).map(Directory.Organisation::name).orElse(""),
                    on ? "on" : "off", u.email(), locked.orElse("—"),
                    locked.isPresent() && !self ? action(request, "/admin/unlock", "unlock", u.email(), "Unlock", "")
                            : Html.EMPTY,
                    on && !self ? action(request, "/admin/reset", "reset", u.email(), "Reset MFA", "danger")
                            : self ? Html.of("<span class=\"aside\">your own account: use Manage MFA</span>") : Html.EMPTY);
        });
        return Pages.send(200, layout.page("Administration", Pages.nav(request, me.email(), true),
                Pages.takeNotice(request), null, Html.of("""
                <section class="card">
                  <h2>Organisations</h2>
                  <p class="aside">MFA required at a reseller applies to its staff and to every user of its customers.</p>
                  <div class="table-scroll"><table id="organisations"><thead><tr><th>Organisation</th><th>Kind</th><th>MFA</th><th>Action</th></tr></thead><tbody>{}</tbody></table></div>
                </section>
                <section class="card">
                  <h2>Users</h2>
                  <p class="aside"><b>Unlock</b> lifts a lockout after wrong codes or wrong passwords and keeps the
                     user's authenticator. <b>Reset MFA</b> removes the authenticator and the recovery codes (for a
                     user who lost both) and signs the user out everywhere. Both are recorded in the
                     <a href="/admin/audit">audit log</a>. Nobody resets their own MFA here: that takes a code.</p>
                  <div class="table-scroll"><table id="users"><thead><tr><th>E-mail</th><th>Organisation</th><th>MFA</th><th>Locked</th><th>Action</th></tr></thead>
                  <tbody>{}</tbody></table></div>
                </section>""", orgs, users)));
    }

    private static Html action(HttpServletRequest request, String path, String id, String email, String label,
            String css) {
        return Html.of("""
                <form method="post" action="{}" class="inline">{}<input type="hidden" name="email" value="{}">
                <button type="submit" class="{}" id="{}-{}">{}</button></form>""", path, Pages.csrf(request), email,
                css, id, email, label);
    }

    /** The account's lockout as the admin page shows it: after wrong codes, or after wrong passwords. */
    private Optional<String> lockout(String email) {
        Optional<String> codes = mfa.lockout(email).map(l -> l instanceof Outcome.LockedOut.Until until
                ? "codes until " + PasswordSignIn.UNTIL.format(until.until()) : "codes until unlocked");
        Optional<String> passwords = throttle.accountLockedUntil(email)
                .map(until -> "passwords until " + PasswordSignIn.UNTIL.format(until));
        List<String> both = Stream.of(codes, passwords).flatMap(Optional::stream).toList();
        return both.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", both));
    }

    @PostMapping("/admin/enforcement")
    ResponseEntity<String> enforcement(HttpServletRequest request, Authentication auth,
            @RequestParam("organisation") String organisation, @RequestParam("required") String required) {
        Optional<Directory.Organisation> org = directory.organisation(organisation);
        if (org.isEmpty()) {
            return Pages.send(400, pages.error(400, "Bad request", "There is no such organisation."));
        }
        if (!required.equals("true") && !required.equals("false")) {
            return Pages.send(400, pages.error(400, "Bad request", "Say whether MFA is required with true or false."));
        }
        boolean on = required.equals("true");
        directory.setRequiresMfa(organisation, on);
        audit.record(AuditLog.admin(auth.getName()), on ? "MFA_REQUIRED" : "MFA_OPTIONAL", org.get().id(), origin(request),
                org.get().name());
        Pages.notice(request, org.get().name() + (on ? " now requires MFA." : " now leaves MFA optional."));
        return ResponseEntity.status(303).header("Location", "/admin").build();
    }

    @PostMapping("/admin/unlock")
    ResponseEntity<String> unlock(HttpServletRequest request, Authentication auth, @RequestParam("email") String email) {
        Directory.User target;
        try {
            target = target(auth, email, "unlock");
        } catch (Refused refused) {
            return refused.page;
        }
        // The canonical account id from here on: the typed e-mail (NINA@northwind.test) names no record (finding 6).
        String account = target.email();
        mfa.withOrigin(origin(request)).unlock(account, auth.getName());
        throttle.unlock(account);
        audit.record(AuditLog.admin(auth.getName()), "PASSWORD_UNLOCKED", account, origin(request),
                "password lockout lifted");
        Pages.notice(request, account + " was unlocked; their authenticator and recovery codes are unchanged.");
        return ResponseEntity.status(303).header("Location", "/admin").build();
    }

    @PostMapping("/admin/reset")
    ResponseEntity<String> reset(HttpServletRequest request, Authentication auth, @RequestParam("email") String email) {
        Directory.User target;
        try {
            target = target(auth, email, "reset");
        } catch (Refused refused) {
            return refused.page;
        }
        String account = target.email();
        mfa.withOrigin(origin(request)).reset(account, auth.getName());
        Pages.notice(request, "Two-step verification of " + account + " was reset; they were signed out everywhere.");
        return ResponseEntity.status(303).header("Location", "/admin").build();
    }

    /** An admin action's target refused, with the page that says why. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ResponseEntity<String> page;

        Refused(ResponseEntity<String> page) {
            super(null, null, false, false);
            this.page = page;
        }
    }

    /**
     * The user an admin action is about, found by the typed e-mail in any case. An administrator acts on other
     * accounts only: removing one's own MFA takes a code (Manage MFA), so a stolen administrator session cannot
     * strip the administrator's second factor.
     */
    private Directory.User target(Authentication auth, String email, String what) throws Refused {
        Optional<Directory.User> user = directory.user(email);
        if (user.isEmpty()) {
            throw new Refused(Pages.send(400, pages.error(400, "Bad request", "There is no such user.")));
        }
        if (user.get().email().equals(auth.getName())) {
            throw new Refused(Pages.send(403, pages.error(403, "Not allowed", "You cannot " + what + " your own "
                    + "two-step verification here. Use Manage MFA, which asks for a code.")));
        }
        return user.get();
    }

    @GetMapping("/admin/audit")
    ResponseEntity<String> auditLog(HttpServletRequest request, Authentication auth,
            @RequestParam(name = "q", required = false) String filter,
            @RequestParam(name = "page", required = false) String pageParam) {
        Optional<String> q = Optional.ofNullable(filter).map(f -> f.length() > 100 ? f.substring(0, 100) : f);
        int wanted = pageParam != null && pageParam.matches("[0-9]{1,6}") ? Integer.parseInt(pageParam) : 1;
        AuditLog.Page page = audit.page(q, wanted);
        return Pages.send(200, layout.page("Audit log", Pages.nav(request, auth.getName(), true), null, null, Html.of("""
                <section class="card">
                  <form method="get" action="/admin/audit" class="filter" role="search">
                    <label for="q">Show entries whose account, actor, event or origin contains</label>
                    <input id="q" name="q" value="{}" maxlength="100">
                    <button type="submit" id="filter">Filter</button>
                  </form>
                  <p class="aside" id="audit-count">{} matching entries in the database (both portals); page {} of {},
                     newest first. A refusal repeated within {} minutes is one entry with its count.</p>
                  <div class="table-scroll"><table id="audit"><thead><tr><th>Time</th><th>Portal</th><th>Actor</th><th>Event</th><th>Account</th><th>Origin</th><th>Detail</th><th>Times</th></tr></thead>
                  <tbody>{}</tbody></table></div>
                  <nav class="pages" aria-label="Audit log pages">{}{}</nav>
                </section>""", q.orElse(""), page.matching(), page.page(), page.pages(),
                AuditLog.REPEAT_WINDOW.toMinutes(), Html.each(page.entries(), e -> Html.of(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                PasswordSignIn.UNTIL.format(e.at()), e.portal(), e.actor(), e.action(), e.account(), e.origin(),
                e.detail(), e.repeats() == 1 ? "1" : e.repeats() + " (last " + PasswordSignIn.UNTIL.format(e.lastAt())
                        + ")")),
                page.page() > 1 ? pageLink(q, page.page() - 1, "newer", "Newer entries") : Html.EMPTY,
                page.page() < page.pages() ? pageLink(q, page.page() + 1, "older", "Older entries") : Html.EMPTY)));
    }

    private static Html pageLink(Optional<String> q, int page, String id, String label) {
        String query = "page=" + page + q.filter(f -> !f.isBlank())
                .map(f -> "&q=" + URLEncoder.encode(f, StandardCharsets.UTF_8)).orElse("");
        return Html.of("<a href=\"/admin/audit?{}\" id=\"{}\">{}</a>", query, id, label);
    }

    // ---------------------------------------------------------------- helpers

    private Directory.User user(Authentication auth) {
        return directory.user(auth.getName()).orElseThrow(() -> new IllegalStateException("signed in, but unknown"));
    }

    private Optional<String> requiredBy(Directory.User u) {
        if (u.admin()) {
            return Optional.of("Administration");
        }
        return directory.mfaRequiredBy(u.organisationId()).map(Directory.Organisation::name);
    }

    static boolean hasTotpFactor(Authentication auth) {
        return auth.getAuthorities().stream().anyMatch(a -> KairosFactors.TOTP_AUTHORITY.equals(a.getAuthority()));
    }

    static String origin(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        return address == null || address.isBlank() ? AuditLog.UNKNOWN : address;
    }
}
