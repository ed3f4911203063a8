package dev.kairos.spring.oidc;

import dev.kairos.mfa.Enrollments;
import dev.kairos.spring.KairosFactors;
import dev.kairos.spring.KairosProperties;
import dev.kairos.spring.MfaEnforcement;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authorization.AuthorizationManagerFactory;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Auto-configures the TOTP factor in Spring Authorization Server, when the application has both Spring
 * Authorization Server and the Kairos starter's {@link Enrollments}: the {@code amr} / {@code acr} /
 * {@code auth_time} claims ({@link KairosOidcClaims}, unless the application defines its own
 * {@code OAuth2TokenCustomizer<JwtEncodingContext>}), and, on the filter chain that holds Spring Authorization
 * Server, the authorization-request rules, the step-up pages and the UserInfo claims. Off with
 * {@code kairos.oidc.enabled=false}.
 */
@AutoConfiguration(afterName = {"dev.kairos.spring.KairosSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet."
                + "OAuth2AuthorizationServerAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({OAuth2AuthorizationServerConfigurer.class, KairosFactors.class})
@ConditionalOnBean(Enrollments.class)
@ConditionalOnBooleanProperty(name = "kairos.oidc.enabled", matchIfMissing = true)
@EnableConfigurationProperties(KairosOidcProperties.class)
public final class KairosOidcAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public KairosOidcAutoConfiguration() {
    }

    /**
     * The claims of ID tokens and JWT access tokens.
     *
     * @param properties {@code kairos.oidc.*}
     * @return the token customizer Spring Authorization Server picks up
     */
    @Bean
    @ConditionalOnMissingBean
    public OAuth2TokenCustomizer<JwtEncodingContext> kairosOidcClaims(KairosOidcProperties properties) {
        return new KairosOidcClaims(properties.acr());
    }

    /**
     * Applies the authorization-request rules, step-up pages and UserInfo claims to the {@code HttpSecurity} that
     * configures Spring Authorization Server.
     *
     * @param enrollments the service, for where a step-up goes (code page or set-up page)
     * @param kairos {@code kairos.*}, for the factor's page paths
     * @param properties {@code kairos.oidc.*}
     * @param rule the application's rule for signed-in users, if it defines one (the starter does)
     * @param enforcement the application's policy for users who have not enrolled (the starter's default otherwise)
     * @param clock an application-defined clock, if exactly one
     * @return the customizer
     */
    @Bean
    public Customizer<HttpSecurity> kairosOidc(Enrollments enrollments, KairosProperties kairos,
            KairosOidcProperties properties, ObjectProvider<AuthorizationManagerFactory<Object>> rule,
            ObjectProvider<MfaEnforcement> enforcement, ObjectProvider<Clock> clock) {
        AuthorizationManagerFactory<Object> signedInRule = rule.getIfUnique(() -> KairosFactors.totpWhenRequired(
                enrollments, enforcement.getIfUnique(MfaEnforcement::onlyEnrolledUsers)));
        AuthorizationRequestRules rules = new AuthorizationRequestRules(properties.acr(), signedInRule,
                clock.getIfUnique(Clock::systemUTC));
        StepUpResponses responses = new StepUpResponses(enrollments, kairos.web());
        return http -> http.with(new KairosOidcConfigurer(rules, responses, properties.acr()));
    }
}
