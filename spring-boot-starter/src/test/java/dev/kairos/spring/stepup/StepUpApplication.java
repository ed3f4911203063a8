package dev.kairos.spring.stepup;

import dev.kairos.spring.KairosStepUp;
import dev.kairos.spring.MfaEnforcement;
import java.security.Principal;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A portal with step-up both ways: {@code /account/**} by property ({@code kairos.step-up.paths=/account/**}, the
 * code at most 5 minutes old, set by the tests), {@code /transfer} in Java with {@link KairosStepUp} (1 minute).
 * Everyone at acme.test must use TOTP; other users only once they enrolled.
 */
@SpringBootApplication
@RestController
public class StepUpApplication {

    public static void main(String[] args) {
        SpringApplication.run(StepUpApplication.class, args);
    }

    @Bean
    MfaEnforcement mfaEnforcement() {
        return user -> user.getName().endsWith("@acme.test");
    }

    // --- Kairos: a code typed within the last minute for /transfer.
    @Bean
    SecurityFilterChain web(HttpSecurity http, KairosStepUp stepUp) throws Exception {
        var recentCode = stepUp.<RequestAuthorizationContext>within(Duration.ofMinutes(1));
        return http.authorizeHttpRequests(a -> a
                        .requestMatchers("/transfer").access(recentCode.authenticated())
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .build();
    }
    // --- end of Kairos

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("ann@example.test").password("{noop}ann-password").build(),
                User.withUsername("ben@example.test").password("{noop}ben-password").build(),
                User.withUsername("cat@acme.test").password("{noop}cat-password").build(),
                User.withUsername("dan@example.test").password("{noop}dan-password").build());
    }

    @GetMapping("/")
    String home(Principal user) {
        return "Hello, " + user.getName();
    }

    @GetMapping("/account/email")
    String email(Principal user) {
        return "E-mail settings of " + user.getName();
    }

    @GetMapping("/transfer")
    String transfer(Principal user) {
        return "Transfer for " + user.getName();
    }
}
