package dev.kairos.spring.spa;

import dev.kairos.spring.MfaEnforcement;
import java.security.Principal;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A single-page app on the JSON API: {@code /app/index.html} (plain HTML and JavaScript, no build) signs in with a
 * password through {@code fetch}, then asks for a code or a set-up when {@code /api/hello} answers the starter's
 * 401 problem. Its Kairos configuration is the same as {@code SampleApplication}'s; what is SPA-specific here is
 * plain Spring Security: {@code csrf.spa()} (the token in the {@code XSRF-TOKEN} cookie, sent back as the
 * {@code X-XSRF-TOKEN} header), status codes instead of redirects for the password form, and HTTP Basic for
 * scripts.
 */
@SpringBootApplication
@RestController
public class SpaApplication implements WebMvcConfigurer {

    public static void main(String[] args) {
        SpringApplication.run(SpaApplication.class, args);
    }

    // --- Kairos: everyone at acme.test must use TOTP; other users only once they enrolled.
    @Bean
    MfaEnforcement mfaEnforcement() {
        return user -> user.getName().endsWith("@acme.test");
    }
    // --- end of Kairos

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a.requestMatchers("/app/**").permitAll().anyRequest().authenticated())
                .formLogin(form -> form
                        .successHandler((request, response, user) -> response.setStatus(204))
                        .failureHandler((request, response, e) -> response.setStatus(401)))
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.spa())
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("carol@acme.test").password("{noop}carol-password").build(),
                User.withUsername("dave@acme.test").password("{noop}dave-password").build(),
                User.withUsername("erin@acme.test").password("{noop}erin-password").build(),
                User.withUsername("frank@example.test").password("{noop}frank-password").build(),
                User.withUsername("grace@example.test").password("{noop}grace-password").build());
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/app/**").addResourceLocations("classpath:/spa/");
    }

    @GetMapping("/api/hello")
    Map<String, String> hello(Principal user) {
        return Map.of("hello", user.getName());
    }
}
