package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Renders a {@link KairosPage} as the response to a request: the one view layer of the TOTP factor. The filters
 * never write HTML themselves.
 */
@FunctionalInterface
interface PageRenderer {

    /**
     * Writes the page with the status.
     *
     * @param page what to show
     * @param status the HTTP status
     * @param logoutPath where the sign-out form posts (relative to the context path); empty when the security
     *     filter chain has no logout, and then the page has no sign-out form
     * @param request the request (CSRF token, context path, locale)
     * @param response where the page is written
     * @throws IOException if writing fails
     */
    void render(KairosPage page, int status, Optional<String> logoutPath, HttpServletRequest request,
            HttpServletResponse response) throws IOException;
}
