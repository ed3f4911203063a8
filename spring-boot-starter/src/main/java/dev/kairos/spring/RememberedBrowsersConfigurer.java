package dev.kairos.spring;

import java.util.Optional;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.LogoutConfigurer;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * Adds remembered browsers ({@code kairos.remembered-browsers.enabled=true}) to an {@link HttpSecurity}: the
 * {@link RememberedBrowserFilter} after the sign-in filters, the {@link RememberedBrowsersPageFilter}
 * after it, and the service as a shared object, with which {@link KairosHttpConfigurer} lets the code page's
 * success remember the browser.
 */
final class RememberedBrowsersConfigurer extends AbstractHttpConfigurer<RememberedBrowsersConfigurer, HttpSecurity> {

    private final RememberedBrowserService service;
    private final KairosProperties properties;
    private final AuthenticationEventPublisher authenticationEvents;
    private final OtherSessions otherSessions;
    private final PageRenderer pages;

    RememberedBrowsersConfigurer(RememberedBrowserService service, KairosProperties properties,
            AuthenticationEventPublisher authenticationEvents, OtherSessions otherSessions, PageRenderer pages) {
        this.service = service;
        this.properties = properties;
        this.authenticationEvents = authenticationEvents;
        this.otherSessions = otherSessions;
        this.pages = pages;
    }

    @Override
    public void init(HttpSecurity http) {
        http.setSharedObject(RememberedBrowserService.class, service);
    }

    @Override
    public void configure(HttpSecurity http) {
        // After every way of signing in (remember-me included) and before the TOTP factor's own filters, whose
        // code page looks for the offer this filter puts on the request.
        http.addFilterAfter(postProcess(new RememberedBrowserFilter(service, properties.web(),
                getSecurityContextHolderStrategy(),
                KairosHttpConfigurer.shared(http, SessionAuthenticationStrategy.class,
                        new ChangeSessionIdAuthenticationStrategy()),
                KairosHttpConfigurer.contexts(http), authenticationEvents)), AnonymousAuthenticationFilter.class);
        Optional<String> logout = http.getConfigurer(LogoutConfigurer.class) == null ? Optional.empty()
                : Optional.of(properties.web().logoutPath());
        http.addFilterAfter(postProcess(new RememberedBrowsersPageFilter(service, otherSessions, pages, logout,
                getSecurityContextHolderStrategy())), AuthorizationFilter.class);
    }
}
