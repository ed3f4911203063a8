package dev.kairos.spring.sample;

import dev.kairos.spring.MfaEnforcement;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A portal with a password login, whose whole Kairos configuration is the {@link MfaEnforcement} bean below and
 * two lines of {@code application.properties} (the README's "Spring Boot in 10 lines"). Everything else here is the plain Spring
 * Security application it would be without Kairos.
 */
@SpringBootApplication
@RestController
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    // --- Kairos: everyone at acme.test must use TOTP; other users only once they enrolled.
    @Bean
    MfaEnforcement mfaEnforcement() {
        return user -> user.getName().endsWith("@acme.test");
    }
    // --- end of Kairos

    @Bean
    SecurityFilterChain web(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice@acme.test").password("{noop}alice-password").build(),
                User.withUsername("bob@example.test").password("{noop}bob-password").build(),
                User.withUsername("<i>eve</i>@example.test").password("{noop}eve-password").build());
    }

    @GetMapping(value = "/", produces = "text/plain")
    String home(java.security.Principal user) {
        return "Hello, " + user.getName();
    }
}
