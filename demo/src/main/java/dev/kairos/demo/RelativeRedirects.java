package dev.kairos.demo;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes every {@code Location} a path on this portal: an absolute URL (Spring Security builds them from the
 * request's {@code Host} header, which the client chooses) keeps only its path, query and fragment. The demo never
 * redirects to another site, so nothing else is lost (issue 24, finding 7).
 */
final class RelativeRedirects extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void sendRedirect(String location) throws IOException {
                super.sendRedirect(relative(location));
            }

            @Override
            public void setHeader(String name, String value) {
                super.setHeader(name, "Location".equalsIgnoreCase(name) ? relative(value) : value);
            }

            @Override
            public void addHeader(String name, String value) {
                super.addHeader(name, "Location".equalsIgnoreCase(name) ? relative(value) : value);
            }
        });
    }

    /** The path, query and fragment of a URL; "/" for anything that is not a URL. */
    static String relative(String location) {
        if (location == null) {
            return null;
        }
        try {
            URI uri = new URI(location);
            if (uri.getRawAuthority() == null && uri.getScheme() == null && location.startsWith("/")
                    && !location.startsWith("//")) {
                return location;
            }
            if (uri.getScheme() == null && uri.getRawAuthority() == null) {
                return location; // relative to the current path, e.g. "login?error"
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        } catch (URISyntaxException e) {
            return "/";
        }
    }
}
