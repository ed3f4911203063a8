package dev.kairos.demo;

import dev.kairos.spring.Html;

/**
 * The frame around every page of one portal: head, brand bar with the portal's name, navigation, messages. The
 * starter's pages get the same brand bar and footer through {@link PortalFrame}.
 */
final class Layout {

    private final PortalKind portal;

    Layout(PortalKind portal) {
        this.portal = portal;
    }

    PortalKind portal() {
        return portal;
    }

    /**
     * A whole page.
     *
     * @param nav the navigation (null on pages before sign-in)
     * @param notice an informational message, or null
     * @param error an error message, or null
     */
    Html page(String title, Html nav, String notice, String error, Html body) {
        return Html.of("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>{} · {}</title>
                  <link rel="stylesheet" href="/style.css">
                </head>
                <body>
                  <header>{}</header>
                  <main>
                    <h1>{}</h1>
                    {}{}{}
                  </main>
                  <footer>{}</footer>
                </body>
                </html>
                """, title, portal.title(), bar(nav), title,
                notice == null ? Html.EMPTY : Html.of("<p class=\"notice\" id=\"notice\">{}</p>", notice),
                error == null ? Html.EMPTY : Html.of("<p class=\"error\" id=\"error\" role=\"alert\">{}</p>", error),
                body, footer());
    }

    /** The brand bar: the portal's name (a link to the start page) and the navigation, if any. */
    Html bar(Html nav) {
        return Html.of("<div class=\"bar\"><a class=\"brand\" href=\"/\" id=\"portal\"><span class=\"logo\" "
                + "aria-hidden=\"true\">K</span> {}</a>{}</div>", portal.title(), nav == null ? Html.EMPTY : nav);
    }

    /** What every page says at its end. */
    Html footer() {
        return Html.of("""
                A demo of <a href="https://github.com/kairos-otp/kairos">Kairos</a>, TOTP/MFA for the JVM: one
                    MFA set-up for the Developer Portal and the Management Dashboard.""");
    }
}
