package dev.kairos.spring.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.spring.KairosAutoConfiguration;
import dev.kairos.spring.KairosSecurityAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/** When the integration switches on: Spring Authorization Server and the starter's service, unless turned off. */
class KairosOidcAutoConfigurationTest {

    private final WebApplicationContextRunner login = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class, KairosAutoConfiguration.class,
                    KairosSecurityAutoConfiguration.class, KairosOidcAutoConfiguration.class))
            .withPropertyValues("kairos.issuer=ACME Corp", "kairos.sealing.unsealed=true");

    @Test
    void aLoginServerGetsTheClaimsAndTheRules() {
        login.run(context -> {
            assertThat(context).hasSingleBean(KairosOidcClaims.class);
            assertThat(context).getBean("kairosOidc").isNotNull();
            assertThat(context.getBean(KairosOidcProperties.class).acr().mfa()).isEqualTo("urn:kairos:acr:mfa");
        });
    }

    @Test
    void theApplicationsOwnTokenCustomizerWins() {
        login.withUserConfiguration(OwnCustomizer.class)
                .run(context -> assertThat(context).doesNotHaveBean(KairosOidcClaims.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnCustomizer {
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> ownClaims() {
            return context -> context.getClaims().claim("own", true);
        }
    }

    @Test
    void offWhenTurnedOff() {
        login.withPropertyValues("kairos.oidc.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(KairosOidcProperties.class));
    }

    @Test
    void offWithoutSpringAuthorizationServer() {
        login.withClassLoader(new FilteredClassLoader(OAuth2AuthorizationServerConfigurer.class))
                .run(context -> assertThat(context).doesNotHaveBean(KairosOidcProperties.class));
    }

    @Test
    void offWithoutTheStartersServiceAsOnAResourceServer() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
                        KairosOidcAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(KairosOidcProperties.class);
                });
    }

    @Test
    void badAcrValuesStopTheStartWithTheirName() {
        login.withPropertyValues("kairos.oidc.acr.mfa=urn:kairos:acr:password").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("kairos.oidc.acr.password and kairos.oidc.acr.mfa"));
    }
}
