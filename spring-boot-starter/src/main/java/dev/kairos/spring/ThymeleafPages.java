package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import org.springframework.security.web.csrf.CsrfToken;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Renders the pages from Thymeleaf templates through the application's own template engine, when it has one:
 * {@code templates/kairos/<page>.html} (e.g. {@code kairos/code}), each placed in {@code templates/kairos/layout.html}.
 * The starter ships all of them; an application replaces any one by putting a file of the same name in its own
 * {@code src/main/resources/templates/kairos/} (its resources come first on the class path), typically only the
 * layout, to show the pages in its own header, footer and stylesheet.
 *
 * <p>The model is plain data, so a template needs no Kairos type: {@code page} (the template name), {@code t}
 * (every {@code kairos.*} text in the request's language, e.g. {@code ${t['kairos.code.label']}}), {@code lang},
 * {@code dir}, {@code title}, {@code app}, {@code style} (the address of the built-in stylesheet), {@code stylesheets}, {@code csrf},
 * the URLs {@code loginUrl}, {@code recoveryUrl}, {@code setupUrl}, {@code disableUrl}, {@code logoutUrl} (absent
 * without logout), {@code error} (the refusal's sentence, absent without one), and per page {@code user},
 * {@code issuer}, {@code account}, {@code qrDataUri}, {@code manualKey}, {@code codes}, {@code continueTo},
 * {@code otherSessionsEnded}. Texts are escaped by Thymeleaf ({@code th:text}); the only markup passed in,
 * {@code intro} and {@code keyHelp}, was built with {@link Html#of}, which escapes every argument.
 */
final class ThymeleafPages implements PageRenderer {

    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ITemplateEngine engine;
    private final KairosProperties.Web web;
    private final String application;
    private final KairosMessages messages;
    private final PageLocale locales;

    ThymeleafPages(ITemplateEngine engine, KairosProperties.Web web, String application, KairosMessages messages,
            PageLocale locales) {
        this.engine = engine;
        this.web = web;
        this.application = application;
        this.messages = messages;
        this.locales = locales;
    }

    @Override
    public void render(KairosPage page, int status, Optional<String> logoutPath, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Locale locale = locales.of(request);
        String base = request.getContextPath();
        Map<String, Object> model = new HashMap<>();
        Map<String, String> texts = texts(locale);
        model.put("page", page.name());
        model.put("t", texts);
        model.put("lang", messages.language(locale));
        model.put("dir", messages.rightToLeft(locale) ? "rtl" : "ltr");
        model.put("title", messages.text("kairos.title", locale, texts.get(titleKey(page)), application));
        model.put("app", application);
        model.put("style", base + Pages.STYLESHEET_PATH);
        model.put("stylesheets", web.stylesheets().stream().map(s -> s.startsWith("/") ? base + s : s).toList());
        model.put("csrf", request.getAttribute(CsrfToken.class.getName()));
        model.put("loginUrl", base + web.loginPath());
        model.put("recoveryUrl", base + web.recoveryPath());
        model.put("setupUrl", base + web.setupPath());
        model.put("disableUrl", base + web.disablePath());
        model.put("beginUrl", base + web.beginPath());
        model.put("passwordUrl", base + web.passwordPath());
        model.put("recoveryCodesUrl", base + web.recoveryCodesPath());
        logoutPath.ifPresent(path -> model.put("logoutUrl", base + path));
        describe(page, locale, model);
        if (page instanceof KairosPage.Code) {
            RememberedBrowserPages.offer(request).ifPresent(offer -> model.put("rememberLabel",
                    RememberedBrowserPages.label(offer.days(), messages, locale)));
        } else if (page instanceof KairosPage.Active) {
            RememberedBrowserPages.offer(request).ifPresent(offer -> model.put("browsersLinkUrl",
                    base + offer.path()));
        }
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        byte[] bytes = engine.process(page.name(), new Context(locale, model)).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** What is on this page. */
    private void describe(KairosPage page, Locale locale, Map<String, Object> model) {
        if (page instanceof KairosPage.Code p) {
            model.put("user", p.user());
            model.put("intro", messages.html("kairos.code.intro", locale, user(p.user())).markup());
            p.error().ifPresent(e -> model.put("error", refusal(e, locale)));
        } else if (page instanceof KairosPage.Recovery p) {
            model.put("user", p.user());
            model.put("intro", messages.html("kairos.recovery.intro", locale, user(p.user())).markup());
            p.error().ifPresent(e -> model.put("error", refusal(e, locale)));
        } else if (page instanceof KairosPage.Setup p) {
            model.put("issuer", p.issuer());
            model.put("account", p.account());
            model.put("qrDataUri", p.qrDataUri());
            model.put("manualKey", p.manualKey());
            model.put("keyHelp", messages.html("kairos.setup.key-help", locale,
                    Html.of("<span id=\"issuer\">{}</span>", p.issuer()),
                    Html.of("<span id=\"account\">{}</span>", p.account())).markup());
        } else if (page instanceof KairosPage.SetupFailed p) {
            model.put("error", refusal(p.error(), locale));
        } else if (page instanceof KairosPage.RecoveryCodes p) {
            model.put("codes", p.codes());
            model.put("continueTo", p.continueTo());
        } else if (page instanceof KairosPage.Active p) {
            p.error().ifPresent(e -> model.put("error", refusal(e, locale)));
        } else if (page instanceof KairosPage.Disabled p) {
            model.put("continueTo", p.continueTo());
            model.put("otherSessionsEnded", p.otherSessionsEnded());
        } else if (page instanceof KairosPage.Ticket p) {
            p.error().ifPresent(e -> model.put("error", refusal(e, locale)));
        } else if (page instanceof KairosPage.Password p) {
            model.put("user", p.user());
            model.put("intro", messages.html("kairos.password.intro", locale, user(p.user())).markup());
            p.error().ifPresent(e -> model.put("error", refusal(e, locale)));
        } else if (page instanceof KairosPage.NewRecoveryCodes p) {
            model.put("remaining", messages.text("kairos.new-recovery-codes.remaining", locale, p.remaining()));
            p.error().ifPresent(e -> model.put("error", refusal(e, locale)));
        } else if (page instanceof KairosPage.RecoveryUsed p) {
            model.put("notice", messages.text("kairos.recovery-used.notice", locale, p.remaining()));
            model.put("renewUrl", p.renewUrl());
            model.put("continueTo", p.continueTo());
        } else if (page instanceof KairosPage.Browsers p) {
            RememberedBrowserPages.model(p, messages, locale, model);
        } else if (page instanceof KairosPage.Problem p) {
            model.put("error", refusal(p.error(), locale));
        }
    }

    private static Html user(String name) {
        return Html.of("<b id=\"user\">{}</b>", name);
    }

    private String refusal(Refusal refusal, Locale locale) {
        return Messages.text(refusal, messages, locale, UNTIL);
    }

    /** Every {@code kairos.*} text in the language (the application's own wording where it has one). */
    private Map<String, String> texts(Locale locale) {
        Map<String, String> texts = new HashMap<>();
        for (String key : ResourceBundle.getBundle(KairosMessages.BUNDLE, Locale.ROOT).keySet()) {
            texts.put(key, messages.text(key, locale));
        }
        return texts;
    }

    private static String titleKey(KairosPage page) {
        return "kairos.title." + page.name().substring("kairos/".length());
    }
}
