package dev.kairos.spring.remember;

import java.security.Principal;
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
 * A portal with a password login and Spring Security's remember-me ("stay signed in"), for the remembered-user and
 * remembered-browser tests. {@code /admin/**} is the host's "always a fresh code" area.
 */
@SpringBootApplication
@RestController
public class RememberApplication {

    @Bean
    SecurityFilterChain web(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .rememberMe(r -> r.key("remember-application-tests-only"))
                .build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("rita@example.test").password("{noop}rita-password").build(),
                User.withUsername("rob@example.test").password("{noop}rob-password").build(),
                User.withUsername("ruth@example.test").password("{noop}ruth-password").build(),
                User.withUsername("remy@example.test").password("{noop}remy-password").build(),
                User.withUsername("rose@example.test").password("{noop}rose-password").build());
    }

    @GetMapping(value = "/", produces = "text/plain")
    String home(Principal user) {
        return "Hello, " + user.getName();
    }

    @GetMapping(value = "/admin/settings", produces = "text/plain")
    String admin(Principal user) {
        return "Settings of " + user.getName();
    }
}
