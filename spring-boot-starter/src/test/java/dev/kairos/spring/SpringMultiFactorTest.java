package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.kairos.core.Totp;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authorization.AuthorizationManagerFactory;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.authorization.EnableMultiFactorAuthentication;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

/**
 * The TOTP factor required the way Spring Security requires its own, for everyone:
 * {@code @EnableMultiFactorAuthentication(authorities = {PASSWORD_AUTHORITY, TOTP_AUTHORITY})}. The starter's
 * conditional rule backs off; Spring's access-denied handler sends users to the factor's page.
 */
@SpringBootTest(classes = SpringMultiFactorTest.App.class)
@Import(TestClock.class)
class SpringMultiFactorTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableMultiFactorAuthentication(authorities = {FactorGrantedAuthority.PASSWORD_AUTHORITY,
            KairosFactors.TOTP_AUTHORITY})
    @RestController
    static class App {
        @Bean
        SecurityFilterChain web(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults()).build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("carol").password("{noop}carol-password").build(),
                    User.withUsername("dave").password("{noop}dave-password").build());
        }

        @GetMapping(value = "/", produces = "text/plain")
        String home() {
            return "home";
        }
    }

    @Autowired
    WebApplicationContext context;
    @Autowired
    Enrollments enrollments;
    @Autowired
    MutableClock clock;
    @Autowired
    AuthorizationManagerFactory<?> rules;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        clock.advance(Duration.ofMinutes(10));
    }

    private MockHttpSession password(String user, String password) throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").param("username", user).param("password", password).with(csrf())
                .session(session)).andExpect(status().is3xxRedirection());
        return session;
    }

    @Test
    void leavesTheRulesToSpringSecuritysOwnFactory() {
        assertThat(rules.getClass().getName()).doesNotContain("Kairos");
        assertThat(context.containsBean("kairosAuthorizationManagerFactory")).isFalse();
    }

    @Test
    void sendsAnEnrolledUserWithOnlyThePasswordToTheTotpPageAndInAfterTheCode() throws Exception {
        enrollments.reset("carol", "support");
        PendingEnrollment p = enrollments.begin("carol", "carol").pending().orElseThrow();
        Totp totp = Totp.of(p.secret(), p.parameters());
        enrollments.confirm("carol", p.handle(), totp.codeAt(clock.instant()));
        clock.advance(Duration.ofSeconds(30));

        MockHttpSession session = password("carol", "carol-password");
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/login/totp"));
        mvc.perform(post("/login/totp").param("code", totp.codeAt(clock.instant())).with(csrf()).session(session))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/").session(session)).andExpect(status().isOk());
    }

    @Test
    void sendsAUserWithoutEnrollmentToSetUpBecauseTheFactorIsRequiredOfEveryone() throws Exception {
        enrollments.reset("dave", "support");
        MockHttpSession session = password("dave", "dave-password");
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/mfa/setup"));
        mvc.perform(get("/mfa/setup").session(session)).andExpect(status().isOk());
    }
}
