package dev.kairos.spring;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * "Don't ask again on this browser" under {@code kairos.remembered-browsers.*}: off unless enabled. Immutable; bound
 * once at start-up and checked then, with a message that names the property.
 *
 * @param enabled offer the choice on the code page (and the JSON API's code endpoint), recognize remembered
 *     browsers, and serve the list of them at {@code path}
 * @param duration how long a browser is remembered: 1 hour to 400 days (browsers keep a cookie at most 400 days)
 * @param key the HMAC key that signs the cookies, Base64, at least 32 bytes; without it, a key is derived from the
 *     primary sealing key ({@code kairos.sealing.*}), so a new primary key asks every browser for a code once more
 * @param freshCodePaths path patterns (e.g. {@code /admin/**}) where a remembered browser is not enough: the user
 *     types a code even on a remembered browser
 * @param path the page listing the user's remembered browsers ({@code GET}) and signing out every other browser
 *     ({@code POST}: other sessions ended, other remembered browsers forgotten)
 * @param cookieName the cookie's name
 * @param createSchema on a {@code DataSource}, create the table {@code kairos_remembered_browser} at start-up if
 *     missing; turn off when Flyway or Liquibase creates it
 */
@ConfigurationProperties("kairos.remembered-browsers")
public record RememberedBrowsersProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("30d") Duration duration,
        String key,
        @DefaultValue List<String> freshCodePaths,
        @DefaultValue("/mfa/browsers") String path,
        @DefaultValue("KAIROS_BROWSER") String cookieName,
        @DefaultValue("true") boolean createSchema) {

    /** Chrome's and the cookie draft's (RFC 6265bis) cap on a cookie's lifetime. */
    static final Duration LONGEST = Duration.ofDays(400);

    /**
     * Describes the settings without the key.
     *
     * @return e.g. {@code "RememberedBrowsersProperties[enabled=true, duration=PT720H, key=(set), ...]"}
     */
    @Override
    public String toString() {
        return "RememberedBrowsersProperties[enabled=" + enabled + ", duration=" + duration + ", key="
                + (key == null ? "(derived)" : "(set)") + ", freshCodePaths=" + freshCodePaths + ", path=" + path
                + ", cookieName=" + cookieName + ", createSchema=" + createSchema + "]";
    }
}
