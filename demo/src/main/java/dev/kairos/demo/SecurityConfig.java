package dev.kairos.demo;

import dev.kairos.spring.KairosFactors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may reach what. Every rule made with {@code authenticated()} also requires the TOTP factor from users who
 * enrolled or must enroll (the starter's authorization manager factory); {@code /admin/**} requires the role and
 * the TOTP factor from every administrator, enrolled or not (Spring Security's multi-factor authorization).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
            + "interest-cohort=()";

    /**
     * Every redirect as a path on this portal, never an absolute URL built from the request's {@code Host} header
     * (finding 7): Spring Security's saved request and entry points build one from it, so a forged {@code Host}
     * sent a user to another site after sign-in. First of all filters, for every response.
     */
    @Bean
    FilterRegistrationBean<RelativeRedirects> relativeRedirects() {
        FilterRegistrationBean<RelativeRedirects> registration = new FilterRegistrationBean<>(new RelativeRedirects());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    SecurityFilterChain web(HttpSecurity http, PasswordSignIn passwordSignIn, SessionEpochs epochs, Pages pages,
            Directory directory, KnownBrowsers knownBrowsers) throws Exception {
        SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                    Authentication authentication) throws IOException, ServletException {
                epochs.opened(request, authentication.getName());
                knownBrowsers.remember(request, response, authentication.getName());
                super.onAuthenticationSuccess(request, response, authentication);
            }
        };
        success.setDefaultTargetUrl("/account");
        return http
                // The only way in with a password, without a parent manager: Spring would ask a parent again after a
                // wrong password, and each failure would count twice.
                .authenticationManager(new ProviderManager(passwordSignIn))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/style.css", "/countdown.js", "/favicon.ico", "/error").permitAll()
                        // The wizard itself is reachable with the password alone: enforced users are sent here.
                        .requestMatchers("/mfa/setup").access(AuthenticatedAuthorizationManager.authenticated())
                        .requestMatchers("/admin/**")
                        .access(KairosFactors.<RequestAuthorizationContext>totpAlways().hasRole("ADMIN"))
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").usernameParameter("email").passwordParameter("password")
                        .authenticationDetailsSource(PasswordSignIn.Details::new)
                        .successHandler(success)
                        .failureHandler((request, response, e) -> loginFailed(pages, request, response, e)))
                .logout(l -> l.logoutSuccessUrl("/login?signed-out"))
                // Finding 7: no inline script or style anywhere (the pages load /style.css and /countdown.js), no
                // framing, no referrer leaving the portal, no powerful browser features.
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicyHeader(p -> p.policy(PERMISSIONS_POLICY)))
                .addFilterAfter(epochs.filter(), SecurityContextHolderFilter.class)
                .addFilterAfter(enforcedUsersKeepMfa(directory, pages), AnonymousAuthenticationFilter.class)
                .build();
    }

    /** The sign-in form again, saying why: 503 when busy, 429 when throttled, 401 for a wrong password. */
    private static void loginFailed(Pages pages, HttpServletRequest request, HttpServletResponse response,
            AuthenticationException e) throws IOException {
        int status = e instanceof PasswordSignIn.BusyException ? 503
                : e instanceof PasswordSignIn.ThrottledException ? 429 : 401;
        if (status == 503) {
            response.setHeader("Retry-After", "1");
        }
        Pages.send(response, status, pages.login(request, null,
                status == 401 ? "Wrong e-mail or password." : e.getMessage()));
    }

    /**
     * The starter's {@code POST /mfa/disable} turns MFA off for anyone with a code; users whom their organisation
     * (or their role) requires to use MFA may not. Placed before the starter's filter.
     */
    private static OncePerRequestFilter enforcedUsersKeepMfa(Directory directory, Pages pages) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                Authentication user = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
                if ("POST".equals(request.getMethod()) && "/mfa/disable".equals(request.getServletPath())
                        && user != null && directory.requiresMfa(user.getName())) {
                    Pages.send(response, 403, pages.error(403, "Not allowed",
                            "Your organisation requires two-step verification; it cannot be turned off."));
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }
}
