package dev.kairos.demo;

import dev.kairos.spring.Html;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * What the demo's own pages share: the CSRF field, the navigation, one-time notices, and sending {@link Html}.
 * Pages are {@link Html} all the way, so user data reaches a page only escaped.
 */
final class Pages {

    private static final String NOTICE = Pages.class.getName() + ".notice";

    private final Layout layout;

    Pages(Layout layout) {
        this.layout = layout;
    }

    Layout layout() {
        return layout;
    }

    /** The CSRF field for a form (Spring Security checks it on every POST). */
    static Html csrf(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return token == null ? Html.EMPTY : Html.of("<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                token.getParameterName(), token.getToken());
    }

    /** The navigation of a signed-in user. */
    static Html nav(HttpServletRequest request, String email, boolean admin) {
        return Html.of("""
                <nav><a href="/account" id="my-account">My account</a>{}<span class="who">{}</span>
                  <form method="post" action="/logout" class="inline">{}<button type="submit" class="link" id="sign-out">Sign out</button></form>
                </nav>""", admin ? Html.of("<a href=\"/admin\" id=\"admin\">Admin</a><a href=\"/admin/audit\">Audit log</a>")
                : Html.EMPTY, email, csrf(request));
    }

    /** The navigation of a user who still owes the code: signing out is the only way but forward. */
    static Html signOutOnly(HttpServletRequest request) {
        return Html.of("""
                <nav><form method="post" action="/logout" class="inline">{}<button type="submit" class="link" id="sign-out">Sign out</button></form>
                </nav>""", csrf(request));
    }

    /** Keeps a message for the next page this session sees (after a redirect). */
    static void notice(HttpServletRequest request, String message) {
        request.getSession().setAttribute(NOTICE, message);
    }

    static String takeNotice(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        Object notice = session.getAttribute(NOTICE);
        session.removeAttribute(NOTICE);
        return notice == null ? null : notice.toString();
    }

    /**
     * The sign-in form. After a refusal the e-mail stays (the user retypes the password only), both fields say they
     * are invalid and point to the error, and the password field has the focus.
     */
    Html login(HttpServletRequest request, String notice, String error) {
        String email = error == null ? "" : trimmed(request.getParameter("email"), 254);
        Html refused = error == null ? Html.EMPTY : Html.of(" aria-invalid=\"true\" aria-describedby=\"error\"");
        return layout.page("Sign in", null, notice, error, Html.of("""
                <form method="post" action="/login" class="card narrow">
                  {}
                  <p>One account and one two-step verification for the Developer Portal and the Management Dashboard.</p>
                  <label for="email">E-mail</label>
                  <input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value="{}"{}{}>
                  <label for="password">Password</label>
                  <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200"{}{}>
                  <button type="submit" id="sign-in">Sign in</button>
                </form>""", csrf(request), email, refused, error == null ? Html.of(" autofocus") : Html.EMPTY,
                refused, error == null ? Html.EMPTY : Html.of(" autofocus")));
    }

    /** A request parameter as the form may show it again: trimmed, at most {@code max} characters, never null. */
    private static String trimmed(String value, int max) {
        String text = value == null ? "" : value.strip();
        return text.length() > max ? text.substring(0, max) : text;
    }

    /** An error page: a clear sentence, never a stack trace. */
    Html error(int status, String title, String message) {
        return layout.page(title, null, null, null, Html.of("""
                <section class="card narrow error-page">
                  <p class="status-code">{}</p>
                  <p id="error-message">{}</p>
                  <p><a href="/">Go to the start page</a></p>
                </section>""", status, message));
    }

    static ResponseEntity<String> send(int status, Html page) {
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store").body(page.markup());
    }

    static void send(HttpServletResponse response, int status, Html page) throws IOException {
        byte[] body = page.markup().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
