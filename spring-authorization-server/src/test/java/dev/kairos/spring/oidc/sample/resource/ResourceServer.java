package dev.kairos.spring.oidc.sample.resource;

import dev.kairos.spring.oidc.StepUpChallengeHandler;
import dev.kairos.spring.oidc.StepUpRequirement;
import java.security.Principal;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample resource server: {@code /api/hello} for any token, {@code /api/payments} only for a sign-in with the
 * TOTP factor (RFC 9470 challenge otherwise). Settings in {@code resource-server.properties}.
 */
@SpringBootApplication
@RestController
public class ResourceServer {

    // guide-resource:begin
    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                .requestMatchers("/api/payments/**").access(StepUpRequirement.acr("urn:kairos:acr:mfa"))
                .anyRequest().authenticated());
        http.oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults())
                .accessDeniedHandler(new StepUpChallengeHandler()));
        return http.build();
    }
    // guide-resource:end

    @GetMapping("/api/hello")
    String hello(Principal user) {
        return "hello " + user.getName();
    }

    @GetMapping("/api/payments")
    String payments(Principal user) {
        return "payments of " + user.getName();
    }
}
