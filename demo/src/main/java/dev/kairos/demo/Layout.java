package dev.kairos.demo;

/** The frame around every page of one portal: head, brand bar with the portal's name, navigation, messages. */
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
                  <header><div class="bar"><a class="brand" href="/" id="portal"><span class="logo">K</span> {}</a>{}</div></header>
                  <main>
                    <h1>{}</h1>
                    {}{}{}
                  </main>
                  <footer>A demo of <a href="https://github.com/kairos-otp/kairos">Kairos</a>, TOTP/MFA for the JVM: one
                    MFA set-up for the Developer Portal and the Management Dashboard.</footer>
                </body>
                </html>
                """, title, portal.title(), portal.title(), nav == null ? Html.EMPTY : nav, title,
                notice == null ? Html.EMPTY : Html.of("<p class=\"notice\" id=\"notice\">{}</p>", notice),
                error == null ? Html.EMPTY : Html.of("<p class=\"error\" id=\"error\" role=\"alert\">{}</p>", error),
                body);
    }
}
