package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * The built-in pages, generated like Spring Security's default login page: server-side HTML with no template
 * engine. Every value that comes from outside (user name, issuer, message, paths) goes through {@link #esc}; the
 * markup itself is constant.
 */
final class Pages implements PageRenderer {

    private final KairosProperties.Web web;

    Pages(KairosProperties.Web web) {
        this.web = web;
    }

    /** What every page needs: the CSRF token and the configured paths. */
    record Context(Optional<CsrfToken> csrf, String contextPath, KairosProperties.Web web) {
        String url(String path) {
            return contextPath + path;
        }
    }

    @Override
    public void render(KairosPage page, int status, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        Context c = new Context(Optional.ofNullable(csrf), request.getContextPath(), web);
        String html;
        if (page instanceof KairosPage.Code p) {
            html = login(c, p.user(), p.error().map(Messages::text));
        } else if (page instanceof KairosPage.Recovery p) {
            html = recovery(c, p.user(), p.error().map(Messages::text));
        } else if (page instanceof KairosPage.Setup p) {
            html = setup(c, p.issuer(), p.account(), p.qrDataUri(), p.manualKey());
        } else if (page instanceof KairosPage.SetupFailed p) {
            html = setupFailed(c, Messages.text(p.error()));
        } else if (page instanceof KairosPage.RecoveryCodes p) {
            html = recoveryCodes(c, p.codes(), p.continueTo());
        } else if (page instanceof KairosPage.Active p) {
            html = active(c, p.error().map(Messages::text));
        } else if (page instanceof KairosPage.Disabled p) {
            html = disabled(c, p.continueTo(), p.otherSessionsEnded() > 0);
        } else if (page instanceof KairosPage.Problem p) {
            html = message(c, "Two-step verification", Messages.text(p.error()));
        } else {
            throw new IllegalArgumentException("no built-in page for " + page.name());
        }
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static String login(Context c, String user, Optional<String> error) {
        return page("Enter your code", c,
                "<h1>Two-step verification</h1>"
                + "<p>Signed in as <b id=\"user\">" + esc(user) + "</b>. Enter the code your authenticator app "
                + "shows.</p>" + error(error)
                + form(c, c.web().loginPath(), "code", "Code", "one-time-code", "numeric", "Verify", "verify")
                + "<p><a id=\"use-recovery\" href=\"" + esc(c.url(c.web().recoveryPath())) + "\">Lost your phone? "
                + "Use a recovery code</a></p>");
    }

    private static String recovery(Context c, String user, Optional<String> error) {
        return page("Use a recovery code", c,
                "<h1>Use a recovery code</h1>"
                + "<p>Signed in as <b id=\"user\">" + esc(user) + "</b>. Each recovery code works once.</p>"
                + error(error)
                + form(c, c.web().recoveryPath(), "code", "Recovery code", "off", "text", "Verify", "verify")
                + "<p><a href=\"" + esc(c.url(c.web().loginPath())) + "\">Use a code from the app</a></p>");
    }

    private static String setup(Context c, String issuer, String account, String qrDataUri, String manualKey) {
        return page("Set up two-step verification", c,
                "<h1>Set up two-step verification</h1>"
                + "<ol><li>Scan this QR code with your authenticator app:</li></ol>"
                + "<p><img id=\"qr\" alt=\"QR code for your authenticator app\" width=\"256\" height=\"256\" src=\""
                + esc(qrDataUri) + "\"></p>"
                + "<p>Or type this key: <code id=\"manual-key\">" + esc(manualKey) + "</code><br>"
                + "(<span id=\"issuer\">" + esc(issuer) + "</span>, <span id=\"account\">" + esc(account)
                + "</span>, time-based)</p>"
                + "<ol start=\"2\"><li>Enter the code the app shows to confirm:</li></ol>"
                + form(c, c.web().setupPath(), "code", "Code", "one-time-code", "numeric", "Turn on", "save"));
    }

    private static String setupFailed(Context c, String error) {
        return page("Set up two-step verification", c,
                "<h1>Set up two-step verification</h1>" + error(Optional.of(error))
                + "<p>Enter the current code from the app you scanned the QR code with.</p>"
                + form(c, c.web().setupPath(), "code", "Code", "one-time-code", "numeric", "Turn on", "save")
                + "<p><a id=\"start-over\" href=\"" + esc(c.url(c.web().setupPath())) + "\">Start over with a new "
                + "QR code</a></p>");
    }

    private static String recoveryCodes(Context c, List<String> codes, String continueTo) {
        StringBuilder items = new StringBuilder();
        for (String code : codes) {
            items.append("<li><code>").append(esc(code)).append("</code></li>");
        }
        return page("Your recovery codes", c,
                "<h1>Two-step verification is on</h1>"
                + "<p id=\"notice\">Save these recovery codes now: they are shown only this once. Each one signs you "
                + "in once if you lose your phone.</p>"
                + "<ul id=\"recovery-codes\">" + items + "</ul>"
                + "<p><a id=\"continue\" href=\"" + esc(continueTo) + "\">I saved them, continue</a></p>");
    }

    private static String active(Context c, Optional<String> error) {
        return page("Two-step verification", c,
                "<h1>Two-step verification is on</h1>" + error(error)
                + "<p>To turn it off, prove it is you with a code from your app or a recovery code.</p>"
                + form(c, c.web().disablePath(), "code", "Code or recovery code", "one-time-code", "text",
                        "Turn off", "disable"));
    }

    private static String disabled(Context c, String continueTo, boolean otherSessionsEnded) {
        return page("Two-step verification", c,
                "<h1>Two-step verification is off</h1>"
                + "<p id=\"notice\">Your account no longer asks for a code."
                + (otherSessionsEnded ? " Other sessions were signed out." : "") + "</p>"
                + "<p><a id=\"enable\" href=\"" + esc(c.url(c.web().setupPath())) + "\">Turn it on again</a> · "
                + "<a id=\"continue\" href=\"" + esc(continueTo) + "\">Continue</a></p>");
    }

    private static String message(Context c, String title, String text) {
        return page(title, c, "<h1>" + esc(title) + "</h1><p id=\"error\">" + esc(text) + "</p>");
    }

    private static String form(Context c, String action, String field, String label, String autocomplete,
            String inputMode, String button, String buttonId) {
        return "<form method=\"post\" action=\"" + esc(c.url(action)) + "\">"
                + "<label for=\"" + field + "\">" + esc(label) + "</label> "
                + "<input id=\"" + field + "\" name=\"" + field + "\" autocomplete=\"" + autocomplete + "\" "
                + "inputmode=\"" + inputMode + "\" maxlength=\"64\" required autofocus> "
                + csrf(c) + "<button id=\"" + buttonId + "\" type=\"submit\">" + esc(button) + "</button></form>";
    }

    private static String csrf(Context c) {
        return c.csrf().map(t -> "<input type=\"hidden\" name=\"" + esc(t.getParameterName()) + "\" value=\""
                + esc(t.getToken()) + "\">").orElse("");
    }

    private static String error(Optional<String> error) {
        return error.map(e -> "<p id=\"error\" role=\"alert\" class=\"error\">" + esc(e) + "</p>").orElse("");
    }

    private static String page(String title, Context c, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + "</title><style>"
                + "body{font-family:system-ui,sans-serif;max-width:34em;margin:3em auto;padding:0 1em;line-height:1.5}"
                + "input{font-size:1.2em;padding:.2em}button{font-size:1.1em;padding:.2em .8em}"
                + ".error{color:#a00}code{font-size:1.1em}"
                + "</style></head><body>" + body
                + "<form method=\"post\" action=\"" + esc(c.url("/logout")) + "\">" + csrf(c)
                + "<button id=\"sign-out\" type=\"submit\">Sign out</button></form></body></html>";
    }

    /** Escapes text for HTML element content and double-quoted attribute values (OWASP XSS rule #1 and #2). */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
