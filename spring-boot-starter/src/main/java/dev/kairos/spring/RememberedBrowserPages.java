package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The remembered-browser parts of the built-in pages ({@link Pages}) and the texts the templates get. */
final class RememberedBrowserPages {

    /** Dates are written the same in every language: unambiguous, ASCII digits, UTC (as lockout ends are). */
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private RememberedBrowserPages() {
    }

    /** What the pages offer, when remembered browsers are on ({@link RememberedBrowserFilter}). */
    static Optional<RememberedBrowserService.Offer> offer(HttpServletRequest request) {
        return request.getAttribute(RememberedBrowserService.OFFER) instanceof RememberedBrowserService.Offer offer
                ? Optional.of(offer) : Optional.empty();
    }

    /** The code form's checkbox, or nothing when remembered browsers are off. */
    static Html checkbox(Optional<RememberedBrowserService.Offer> offer, KairosMessages messages, Locale locale) {
        return offer.map(o -> Html.of("<p class=\"check\"><input id=\"remember\" name=\"remember\" "
                + "type=\"checkbox\" value=\"true\"><label for=\"remember\">{}</label></p>",
                label(o.days(), messages, locale))).orElse(Html.EMPTY);
    }

    /** The "MFA is on" page's link to the remembered browsers, or nothing when they are off. */
    static Html link(Optional<RememberedBrowserService.Offer> offer, String contextPath, KairosMessages messages,
            Locale locale) {
        return offer.map(o -> Html.of("<p><a id=\"browsers\" href=\"{}\">{}</a></p>", contextPath + o.path(),
                messages.text("kairos.browsers.heading", locale))).orElse(Html.EMPTY);
    }

    static String label(long days, KairosMessages messages, Locale locale) {
        return messages.text("kairos.remember.label", locale, String.valueOf(days));
    }

    /** The main part of the remembered-browsers page. */
    static Html browsers(KairosPage.Browsers p, KairosMessages messages, Locale locale, Html csrf) {
        Html list = p.browsers().isEmpty()
                ? Html.of("<p id=\"no-browsers\">{}</p>", messages.text("kairos.browsers.none", locale))
                : Html.of("<ul id=\"browsers\">{}</ul>", Html.each(p.browsers(), b -> Html.of("<li>{}</li>",
                        entry(b, messages, locale))));
        return Html.of("<h1>{}</h1>{}<p>{}</p>{}<form method=\"post\" action=\"{}\">{}"
                        + "<button id=\"sign-out-others\" type=\"submit\">{}</button></form>",
                messages.text("kairos.browsers.heading", locale), notice(p, messages, locale)
                        .map(n -> Html.of("<p id=\"notice\" role=\"status\">{}</p>", n)).orElse(Html.EMPTY),
                messages.text("kairos.browsers.intro", locale), list, p.action(), csrf,
                messages.text("kairos.browsers.sign-out", locale));
    }

    /** One browser as a line of text. */
    static String entry(KairosPage.Browsers.Browser b, KairosMessages messages, Locale locale) {
        String line = messages.text("kairos.browsers.entry", locale, b.description(), day(b.since()), day(b.until()));
        return b.current() ? line + " " + messages.text("kairos.browsers.current", locale) : line;
    }

    /** What "sign out other browsers" did, when it was just done. */
    static Optional<String> notice(KairosPage.Browsers p, KairosMessages messages, Locale locale) {
        return p.signedOut().map(s -> messages.text("kairos.browsers.signed-out", locale,
                String.valueOf(s.sessions()), String.valueOf(s.browsers())));
    }

    /** What the templates get for the page: the lines, the notice and the form's action. */
    static void model(KairosPage.Browsers p, KairosMessages messages, Locale locale, Map<String, Object> model) {
        model.put("browsers", p.browsers().stream().map(b -> entry(b, messages, locale)).toList());
        notice(p, messages, locale).ifPresent(n -> model.put("notice", n));
        model.put("browsersUrl", p.action());
    }

    private static String day(Instant instant) {
        return DAY.format(instant);
    }
}
