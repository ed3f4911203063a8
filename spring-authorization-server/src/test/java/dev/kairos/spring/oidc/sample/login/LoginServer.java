package dev.kairos.spring.oidc.sample.login;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The sample login server: Spring Authorization Server, the Kairos starter and kairos-spring-authorization-server,
 * configured exactly as docs/oidc.md shows (OidcGuideTest compares the two). Its settings are in
 * {@code login-server.properties}.
 */
@SpringBootApplication
public class LoginServer {

    // guide:begin
    /** Spring Authorization Server's endpoints; Kairos adds its rules and claims to this chain on its own. */
    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> {
            http.securityMatcher(server.getEndpointsMatcher());
            server.oidc(Customizer.withDefaults());
        });
        // authenticated() as such, not through the application's AuthorizationManagerFactory: here the starter's
        // "TOTP for enrolled users" would also deny the bearer tokens of the UserInfo endpoint. Kairos applies the
        // factor at the authorization endpoint itself (acr_values, max_age, and the same rule for enrolled users).
        http.authorizeHttpRequests(
                requests -> requests.anyRequest().access(AuthenticatedAuthorizationManager.authenticated()));
        // Not signed in: the browser goes to the password form, and comes back to the authorization request.
        http.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    /** The password form and the Kairos pages (code, set-up, recovery), which the starter adds to this chain. */
    @Bean
    @Order(2)
    SecurityFilterChain signIn(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
        http.formLogin(Customizer.withDefaults());
        return http.build();
    }
    // guide:end

    /** Two users: the test enrolls alice in TOTP; bob has no enrollment (MFA is optional for him). */
    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-password").roles("USER").build(),
                User.withUsername("bob").password("{noop}bob-password").roles("USER").build());
    }
}
