package dev.kairos.spring.oidc;

import java.util.List;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;

/**
 * Applies Kairos to the {@link HttpSecurity} that holds Spring Authorization Server's configurer (the others are
 * left alone): the authorization-request rules after Spring's own validation, the step-up answers, the UserInfo
 * claims and {@code acr_values_supported} in the discovery document. Applied to every {@code HttpSecurity} by the
 * auto-configuration's {@code Customizer<HttpSecurity>} bean, so it runs before Spring Authorization Server's own
 * {@code init}, which reads these settings.
 *
 * <p>It sets the authorization endpoint's {@code errorResponseHandler} and the UserInfo endpoint's
 * {@code userInfoMapper}: an application that sets either itself turns this off with
 * {@code kairos.oidc.enabled=false}.
 */
final class KairosOidcConfigurer extends AbstractHttpConfigurer<KairosOidcConfigurer, HttpSecurity> {

    private final AuthorizationRequestRules rules;
    private final StepUpResponses responses;
    private final KairosOidcProperties.Acr acr;

    KairosOidcConfigurer(AuthorizationRequestRules rules, StepUpResponses responses, KairosOidcProperties.Acr acr) {
        this.rules = rules;
        this.responses = responses;
        this.acr = acr;
    }

    @Override
    public void init(HttpSecurity http) {
        OAuth2AuthorizationServerConfigurer server = http.getConfigurer(OAuth2AuthorizationServerConfigurer.class);
        if (server == null) {
            return;
        }
        server.authorizationEndpoint(endpoint -> endpoint
                .authenticationProviders(providers -> providers.forEach(provider -> {
                    if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codes) {
                        codes.setAuthenticationValidator(
                                new OAuth2AuthorizationCodeRequestAuthenticationValidator().andThen(rules));
                    }
                }))
                .errorResponseHandler(responses));
        server.oidc(oidc -> oidc
                .userInfoEndpoint(userInfo -> userInfo.userInfoMapper(new UserInfoClaims()))
                .providerConfigurationEndpoint(discovery -> discovery.providerConfigurationCustomizer(
                        metadata -> metadata.claim("acr_values_supported", List.of(acr.password(), acr.mfa())))));
    }
}
