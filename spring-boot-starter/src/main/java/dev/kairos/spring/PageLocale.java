package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * The language a page is shown in: the application's Spring MVC {@code LocaleResolver} when it has one, otherwise
 * the request's {@code Accept-Language}.
 */
@FunctionalInterface
interface PageLocale {

    /** The locale of the request. */
    Locale of(HttpServletRequest request);

    /** The request's {@code Accept-Language} (the servlet container's choice). */
    PageLocale ACCEPT_LANGUAGE = HttpServletRequest::getLocale;
}
