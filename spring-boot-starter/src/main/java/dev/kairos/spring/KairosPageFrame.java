package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;

/**
 * The application's frame around the starter's built-in pages (the renderer used without Thymeleaf; with Thymeleaf,
 * replace {@code templates/kairos/layout.html} instead): its header, footer and name, so that the code, recovery,
 * set-up, recovery-codes, MFA on/off, password and error pages look like the rest of the application. Declare one
 * bean of this type; together with {@code kairos.web.stylesheets} (the application's own CSS, linked after the
 * built-in style) the pages take the application's look. Without such a bean the pages show their own header: the
 * application's name and a sign-out form.
 *
 * <p>The markup is {@link Html}, so user data in it (e.g. the user's name in a navigation bar) is escaped. The
 * header replaces the built-in one entirely, the sign-out form included: bring your own (a {@code POST} form with
 * the CSRF token). Called once per page on the request's thread; implementations must be thread-safe.
 */
public interface KairosPageFrame {

    /**
     * The paths the starter serves to anyone, before authorization (its stylesheet {@code /kairos.css}, relative
     * to the context path): an application that treats static resources apart (e.g. never ends a session on them)
     * takes this list instead of naming the starter's paths itself. An application's {@code permitAll()} rules
     * need not list them: the starter answers them before Spring Security's authorization.
     */
    List<String> PUBLIC_PATHS = List.of(Pages.STYLESHEET_PATH);

    /**
     * What goes inside each page's {@code <header>} element, instead of the built-in name and sign-out form.
     *
     * @param request the page's request (its user, CSRF token and context path)
     * @return the header's content
     */
    Html header(HttpServletRequest request);

    /**
     * What follows each page's {@code <main>} element, inside a {@code <footer>}; by default nothing (no footer).
     *
     * @param request the page's request
     * @return the footer's content, or {@link Html#EMPTY} for no footer
     */
    default Html footer(HttpServletRequest request) {
        return Html.EMPTY;
    }

    /**
     * The application's name in each page's title ("Verification code · NAME"); by default empty, which keeps
     * {@code kairos.issuer} (else {@code spring.application.name}). Several applications sharing one issuer (one
     * entry in the authenticator app) name themselves here.
     *
     * @param request the page's request
     * @return the name, or empty for the built-in one
     */
    default Optional<String> applicationName(HttpServletRequest request) {
        return Optional.empty();
    }
}
