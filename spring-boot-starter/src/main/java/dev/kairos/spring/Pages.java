package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * The built-in pages, used when the application has no template engine: server-side
 * HTML generated like Spring Security's default login page. Escaping is enforced by type: markup is only ever
 * built with {@link Html#of}, which escapes every argument that is not already {@link Html}, and texts come from
 * {@link KairosMessages} in the request's language ({@code lang} and {@code dir} set from the texts used).
 *
 * <p>Accessibility (each page passes axe-core's WCAG 2.1 A/AA and best-practice rules, see
 * {@code AccessibilityTest}): a {@code <header>} and a {@code <main>} landmark, one {@code <h1>}, a distinct title
 * naming the application, every field labelled and described, an error tied to its field with
 * {@code aria-invalid} and {@code aria-describedby}, and a layout that reflows at 320 CSS pixels.
 */
final class Pages implements PageRenderer {

    /** Lockout ends are written the same in every language: unambiguous, ASCII digits, UTC. */
    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * Where the built-in look is served ({@link TotpPageFilter}, before authorization, as Spring Security serves
     * {@code /default-ui.css}): a linked stylesheet, never an inline {@code <style>}, so the pages keep their look
     * under a Content-Security-Policy without {@code 'unsafe-inline'} (the demo sends one).
     */
    static final String STYLESHEET_PATH = "/kairos.css";

    static final String STYLE = "*{box-sizing:border-box}"
            + "body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;"
            + "color:#212529;background:#f8f9fa}"
            + "header{display:flex;flex-wrap:wrap;gap:.5rem;justify-content:space-between;align-items:center;"
            + "padding:.5rem 1rem;background:#fff;border-bottom:1px solid #dee2e6}"
            + "header p{margin:0;font-weight:600}"
            + "main{max-width:34rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #dee2e6;"
            + "border-radius:.5rem}"
            + "h1{font-size:1.5rem;margin-top:0}"
            + "label{display:block;font-weight:600;margin-bottom:.25rem}"
            + "input{display:block;width:100%;font-size:1.25rem;padding:.5rem;border:1px solid #6c757d;"
            + "border-radius:.25rem}"
            + "input[aria-invalid=true]{border-color:#b00020}"
            + ".hint{color:#495057;font-size:.9rem;margin:.25rem 0 1rem}"
            + "button{font:inherit;padding:.5rem 1rem;border-radius:.25rem;border:1px solid #0d6efd;"
            + "background:#0d6efd;color:#fff;cursor:pointer}"
            + "header button{background:#fff;color:#0d6efd}"
            + ".error{color:#b00020;border-left:4px solid #b00020;padding-left:.5rem}"
            + "[dir=rtl] .error{border-left:0;border-right:4px solid #b00020;padding-left:0;padding-right:.5rem}"
            + "code{font-size:1.1rem;overflow-wrap:anywhere}"
            + "#manual-key{user-select:all;display:inline-block;padding:.25rem .5rem;background:#f1f3f5;"
            + "border-radius:.25rem}"
            + "img{max-width:100%;height:auto}"
            + "a{color:#0a58ca}"
            + ".check{display:flex;gap:.5rem;align-items:center;margin:0 0 1rem}"
            + ".check input{display:inline;width:auto;margin:0}.check label{display:inline;font-weight:400;margin:0}"
            + "@media (max-width:480px){main{margin:0;border:0;border-radius:0;padding:1rem}}";

    private final KairosProperties.Web web;
    private final String application;
    private final KairosMessages messages;
    private final PageLocale locales;
    private final Optional<KairosPageFrame> hostFrame;

    /**
     * The application's name goes into every title (the issuer, or {@code spring.application.name}), unless the
     * application's {@link KairosPageFrame} names it; that frame's header and footer replace the built-in header.
     */
    Pages(KairosProperties.Web web, String application, KairosMessages messages, PageLocale locales,
            Optional<KairosPageFrame> hostFrame) {
        this.web = web;
        this.application = application;
        this.messages = messages;
        this.locales = locales;
        this.hostFrame = hostFrame;
    }

    /** What every page of one response shares. */
    private record Frame(HttpServletRequest request, Locale locale, Optional<CsrfToken> csrf, String contextPath,
            Optional<String> logoutPath) {
        String url(String path) {
            return contextPath + path;
        }
    }

    @Override
    public void render(KairosPage page, int status, Optional<String> logoutPath, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        Frame f = new Frame(request, locales.of(request), Optional.ofNullable(csrf), request.getContextPath(),
                logoutPath);
        Html html;
        if (page instanceof KairosPage.Code p) {
            html = code(f, p, RememberedBrowserPages.offer(request));
        } else if (page instanceof KairosPage.Recovery p) {
            html = recovery(f, p);
        } else if (page instanceof KairosPage.Setup p) {
            html = setup(f, p);
        } else if (page instanceof KairosPage.SetupFailed p) {
            html = setupFailed(f, p);
        } else if (page instanceof KairosPage.RecoveryCodes p) {
            html = recoveryCodes(f, p);
        } else if (page instanceof KairosPage.Active p) {
            html = active(f, p, RememberedBrowserPages.link(RememberedBrowserPages.offer(request),
                    request.getContextPath(), messages, f.locale()));
        } else if (page instanceof KairosPage.Disabled p) {
            html = disabled(f, p);
        } else if (page instanceof KairosPage.Ticket p) {
            html = ticket(f, p);
        } else if (page instanceof KairosPage.Password p) {
            html = password(f, p);
        } else if (page instanceof KairosPage.NewRecoveryCodes p) {
            html = newRecoveryCodes(f, p);
        } else if (page instanceof KairosPage.RecoveryUsed p) {
            html = recoveryUsed(f, p);
        } else if (page instanceof KairosPage.Browsers p) {
            html = page(f, "kairos.title.browsers", RememberedBrowserPages.browsers(p, messages, f.locale(),
                    csrf(f)));
        } else if (page instanceof KairosPage.Problem p) {
            html = page(f, "kairos.title.problem", Html.of("<h1>{}</h1><p id=\"error\" role=\"alert\">{}</p>",
                    text(f, "kairos.heading"), refusal(f, p.error())));
        } else {
            throw new IllegalArgumentException("no built-in page for " + page.name());
        }
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        byte[] bytes = html.markup().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private Html code(Frame f, KairosPage.Code p, Optional<RememberedBrowserService.Offer> remember) {
        return page(f, "kairos.title.code", Html.of("<h1>{}</h1><p>{}</p>{}{}"
                        + "<p><a id=\"use-recovery\" href=\"{}\">{}</a></p>",
                text(f, "kairos.heading"), messages.html("kairos.code.intro", f.locale(), user(p.user())),
                error(f, p.error()),
                form(f, web.loginPath(), new Field("kairos.code.label", "kairos.code.hint", "one-time-code",
                        "numeric"), p.error(), "kairos.code.verify", "verify",
                        RememberedBrowserPages.checkbox(remember, messages, f.locale())),
                f.url(web.recoveryPath()), text(f, "kairos.code.use-recovery")));
    }

    private Html recovery(Frame f, KairosPage.Recovery p) {
        return page(f, "kairos.title.recovery", Html.of("<h1>{}</h1><p>{}</p>{}{}<p><a href=\"{}\">{}</a></p>",
                text(f, "kairos.recovery.heading"), messages.html("kairos.recovery.intro", f.locale(),
                        user(p.user())), error(f, p.error()),
                form(f, web.recoveryPath(), new Field("kairos.recovery.label", "kairos.recovery.hint", "off", "text"),
                        p.error(), "kairos.code.verify", "verify"),
                f.url(web.loginPath()), text(f, "kairos.recovery.use-app")));
    }

    private Html setup(Frame f, KairosPage.Setup p) {
        Html issuer = Html.of("<span id=\"issuer\">{}</span>", p.issuer());
        Html account = Html.of("<span id=\"account\">{}</span>", p.account());
        return page(f, "kairos.title.setup", Html.of("<h1>{}</h1><ol><li><p>{}</p>"
                        + "<p><img id=\"qr\" alt=\"{}\" width=\"256\" height=\"256\" src=\"{}\"></p>"
                        + "<p>{}</p><p><code id=\"manual-key\">{}</code></p><p class=\"hint\">{}</p></li>"
                        + "<li><p>{}</p>{}</li></ol>",
                text(f, "kairos.setup.heading"), text(f, "kairos.setup.scan"), text(f, "kairos.setup.qr-alt"),
                p.qrDataUri(), text(f, "kairos.setup.key"), p.manualKey(),
                messages.html("kairos.setup.key-help", f.locale(), issuer, account), text(f, "kairos.setup.confirm"),
                form(f, web.setupPath(), new Field("kairos.code.label", "kairos.code.hint", "one-time-code",
                        "numeric"), Optional.empty(), "kairos.setup.turn-on", "save")));
    }

    private Html setupFailed(Frame f, KairosPage.SetupFailed p) {
        Optional<Refusal> error = Optional.of(p.error());
        return page(f, "kairos.title.setup-failed", Html.of("<h1>{}</h1>{}<p>{}</p>{}"
                        + "<form method=\"post\" action=\"{}\">{}<button id=\"start-over\" type=\"submit\">{}</button>"
                        + "</form>",
                text(f, "kairos.setup.heading"), error(f, error), text(f, "kairos.setup-failed.intro"),
                form(f, web.setupPath(), new Field("kairos.code.label", "kairos.code.hint", "one-time-code",
                        "numeric"), error, "kairos.setup.turn-on", "save"),
                f.url(web.beginPath()), csrf(f), text(f, "kairos.setup-failed.start-over")));
    }

    private Html ticket(Frame f, KairosPage.Ticket p) {
        return page(f, "kairos.title.ticket", Html.of("<h1>{}</h1><p>{}</p>{}{}",
                text(f, "kairos.setup.heading"), text(f, "kairos.ticket.intro"), error(f, p.error()),
                input(f, web.beginPath(), new Input("ticket", "text", "off", "kairos.ticket.label",
                        "kairos.ticket.hint"), p.error(), "kairos.ticket.continue", "continue")));
    }

    private Html password(Frame f, KairosPage.Password p) {
        return page(f, "kairos.title.password", Html.of("<h1>{}</h1><p>{}</p>{}{}",
                text(f, "kairos.password.heading"), messages.html("kairos.password.intro", f.locale(),
                        user(p.user())), error(f, p.error()),
                input(f, web.passwordPath(), new Input("password", "password", "current-password",
                        "kairos.password.label", "kairos.password.hint"), p.error(), "kairos.password.confirm",
                        "confirm")));
    }

    private Html newRecoveryCodes(Frame f, KairosPage.NewRecoveryCodes p) {
        return page(f, "kairos.title.new-recovery-codes", Html.of("<h1>{}</h1><p id=\"remaining\">{}</p>"
                        + "<p>{}</p>{}{}",
                text(f, "kairos.new-recovery-codes.heading"),
                messages.text("kairos.new-recovery-codes.remaining", f.locale(), p.remaining()),
                text(f, "kairos.new-recovery-codes.intro"), error(f, p.error()),
                form(f, web.recoveryCodesPath(), new Field("kairos.active.label", "kairos.active.hint",
                        "one-time-code", "text"), p.error(), "kairos.new-recovery-codes.create", "renew")));
    }

    private Html recoveryUsed(Frame f, KairosPage.RecoveryUsed p) {
        return page(f, "kairos.title.recovery-used", Html.of("<h1>{}</h1><p id=\"notice\" role=\"status\">{}</p>"
                        + "<p><a id=\"renew\" href=\"{}\">{}</a> · <a id=\"continue\" href=\"{}\">{}</a></p>",
                text(f, "kairos.recovery-used.heading"),
                messages.text("kairos.recovery-used.notice", f.locale(), p.remaining()), p.renewUrl(),
                text(f, "kairos.recovery-used.renew"), p.continueTo(), text(f, "kairos.continue")));
    }

    /** A form field other than a code: its name, input type, browser hint, label and hint (message keys). */
    private record Input(String name, String type, String autocomplete, String label, String hint) {
    }

    /** A form that posts one field; with an error, the field says it is invalid and why. */
    private Html input(Frame f, String action, Input field, Optional<Refusal> error, String button,
            String buttonId) {
        Html invalid = error.isPresent() ? Html.of(" aria-invalid=\"true\"") : Html.EMPTY;
        String hint = field.name() + "-hint";
        String describedBy = error.isPresent() ? "error " + hint : hint;
        return Html.of("<form method=\"post\" action=\"{}\"><label for=\"{}\">{}</label>"
                        + "<input id=\"{}\" name=\"{}\" type=\"{}\" autocomplete=\"{}\" maxlength=\"256\" required "
                        + "autofocus aria-describedby=\"{}\"{}><p id=\"{}\" class=\"hint\">{}</p>{}"
                        + "<button id=\"{}\" type=\"submit\">{}</button></form>",
                f.url(action), field.name(), text(f, field.label()), field.name(), field.name(), field.type(),
                field.autocomplete(), describedBy, invalid, hint, text(f, field.hint()), csrf(f), buttonId,
                text(f, button));
    }

    private Html recoveryCodes(Frame f, KairosPage.RecoveryCodes p) {
        return page(f, "kairos.title.recovery-codes", Html.of("<h1>{}</h1><p id=\"notice\">{}</p>"
                        + "<ul id=\"recovery-codes\" aria-label=\"{}\">{}</ul>"
                        + "<p><a id=\"continue\" href=\"{}\">{}</a></p>",
                text(f, "kairos.recovery-codes.heading"), text(f, "kairos.recovery-codes.notice"),
                text(f, "kairos.recovery-codes.list"),
                Html.each(p.codes(), code -> Html.of("<li><code>{}</code></li>", code)),
                p.continueTo(), text(f, "kairos.recovery-codes.continue")));
    }

    private Html active(Frame f, KairosPage.Active p, Html browsers) {
        return page(f, "kairos.title.active", Html.of("<h1>{}</h1>{}<p>{}</p>{}"
                        + "<p><a id=\"renew\" href=\"{}\">{}</a></p>{}",
                text(f, "kairos.active.heading"), error(f, p.error()), text(f, "kairos.active.intro"),
                form(f, web.disablePath(), new Field("kairos.active.label", "kairos.active.hint", "one-time-code",
                        "text"), p.error(), "kairos.active.turn-off", "disable"),
                f.url(web.recoveryCodesPath()), text(f, "kairos.recovery-used.renew"), browsers));
    }

    private Html disabled(Frame f, KairosPage.Disabled p) {
        Html notice = p.otherSessionsEnded() > 0
                ? Html.of("{} {}", text(f, "kairos.disabled.notice"), text(f, "kairos.disabled.others"))
                : Html.of("{}", text(f, "kairos.disabled.notice"));
        return page(f, "kairos.title.disabled", Html.of("<h1>{}</h1><p id=\"notice\">{}</p>"
                        + "<p><a id=\"enable\" href=\"{}\">{}</a> · <a id=\"continue\" href=\"{}\">{}</a></p>",
                text(f, "kairos.disabled.heading"), notice, f.url(web.setupPath()),
                text(f, "kairos.disabled.enable"), p.continueTo(), text(f, "kairos.continue")));
    }

    /** A form field: its label and hint (message keys) and the browser hints for it. */
    private record Field(String label, String hint, String autocomplete, String inputMode) {
    }

    /** A form that posts the field {@code code}; with an error, the field says it is invalid and why. */
    private Html form(Frame f, String action, Field field, Optional<Refusal> error, String button, String buttonId) {
        return form(f, action, field, error, button, buttonId, Html.EMPTY);
    }

    /** The same, with more fields (e.g. the remember-this-browser checkbox) before the button. */
    private Html form(Frame f, String action, Field field, Optional<Refusal> error, String button, String buttonId,
            Html more) {
        Html invalid = error.isPresent() ? Html.of(" aria-invalid=\"true\"") : Html.EMPTY;
        String describedBy = error.isPresent() ? "error code-hint" : "code-hint";
        return Html.of("<form method=\"post\" action=\"{}\"><label for=\"code\">{}</label>"
                        + "<input id=\"code\" name=\"code\" autocomplete=\"{}\" inputmode=\"{}\" maxlength=\"64\" "
                        + "required autofocus aria-describedby=\"{}\"{}><p id=\"code-hint\" class=\"hint\">{}</p>{}{}"
                        + "<button id=\"{}\" type=\"submit\">{}</button></form>",
                f.url(action), text(f, field.label()), field.autocomplete(), field.inputMode(), describedBy, invalid,
                text(f, field.hint()), more, csrf(f), buttonId, text(f, button));
    }

    private static Html csrf(Frame f) {
        return f.csrf().map(t -> Html.of("<input type=\"hidden\" name=\"{}\" value=\"{}\">", t.getParameterName(),
                t.getToken())).orElse(Html.EMPTY);
    }

    private Html error(Frame f, Optional<Refusal> error) {
        return error.map(e -> Html.of("<p id=\"error\" role=\"alert\" class=\"error\">{}</p>", refusal(f, e)))
                .orElse(Html.EMPTY);
    }

    private static Html user(String name) {
        return Html.of("<b id=\"user\">{}</b>", name);
    }

    private String text(Frame f, String key) {
        return messages.text(key, f.locale());
    }

    /** The sentence for a refusal in the page's language. */
    private String refusal(Frame f, Refusal refusal) {
        return Messages.text(refusal, messages, f.locale(), UNTIL);
    }

    private Html page(Frame f, String titleKey, Html main) {
        Locale locale = f.locale();
        Html stylesheets = Html.each(web.stylesheets(),
                href -> Html.of("<link rel=\"stylesheet\" href=\"{}\">", href.startsWith("/") ? f.url(href) : href));
        String name = hostFrame.flatMap(h -> h.applicationName(f.request())).orElse(application);
        Html header = hostFrame.map(h -> h.header(f.request())).orElseGet(() -> builtInHeader(f));
        Html footer = hostFrame.map(h -> h.footer(f.request())).filter(h -> !h.markup().isEmpty())
                .map(h -> Html.of("<footer>{}</footer>", h)).orElse(Html.EMPTY);
        return Html.of("<!DOCTYPE html><html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\">"
                        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                        + "<title>{}</title><link rel=\"stylesheet\" href=\"{}\">{}</head>"
                        + "<body class=\"kairos\"><header>{}</header><main>{}</main>{}</body></html>",
                messages.language(locale), messages.rightToLeft(locale) ? "rtl" : "ltr",
                messages.text("kairos.title", locale, text(f, titleKey), name), f.url(STYLESHEET_PATH), stylesheets,
                header, main, footer);
    }

    /** The application's name and, if the chain has a logout, the sign-out form. */
    private Html builtInHeader(Frame f) {
        Html signOut = f.logoutPath().map(path -> Html.of("<form method=\"post\" action=\"{}\">{}"
                + "<button id=\"sign-out\" type=\"submit\">{}</button></form>", f.url(path), csrf(f),
                text(f, "kairos.sign-out"))).orElse(Html.EMPTY);
        return Html.of("<p>{}</p>{}", application, signOut);
    }
}
