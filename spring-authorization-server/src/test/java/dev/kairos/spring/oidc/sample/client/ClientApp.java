package dev.kairos.spring.oidc.sample.client;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The sample client web app: signs users in at the login server (spring-boot-starter-oauth2-client), shows how
 * they signed in, and calls the resource server, stepping up when it answers with the RFC 9470 challenge.
 * Settings in {@code client-app.properties}. Its pages are plain text, for the test to read.
 */
@SpringBootApplication
@RestController
public class ClientApp {

    private static final Pattern ACR_VALUES = Pattern.compile("acr_values=\"([^\"]*)\"");
    private static final List<String> FORWARDED = List.of("acr_values", "max_age", "prompt");

    @Value("${sample.resource-url}")
    String resourceServer;

    private final RestClient http = RestClient.create();

    @Bean
    SecurityFilterChain client(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
        http.oauth2Login(login -> login
                .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver(registrations)))
                .failureHandler(ClientApp::showError));
        return http.build();
    }

    /** Passes {@code acr_values}, {@code max_age} and {@code prompt} of /oauth2/authorization/... on. */
    private static OAuth2AuthorizationRequestResolver resolver(ClientRegistrationRepository registrations) {
        DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, "/oauth2/authorization");
        return new OAuth2AuthorizationRequestResolver() {
            @Override
            public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
                return forward(request, resolver.resolve(request));
            }

            @Override
            public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String registrationId) {
                return forward(request, resolver.resolve(request, registrationId));
            }
        };
    }

    private static OAuth2AuthorizationRequest forward(HttpServletRequest request, OAuth2AuthorizationRequest to) {
        if (to == null) {
            return null;
        }
        return OAuth2AuthorizationRequest.from(to).additionalParameters(parameters -> FORWARDED.forEach(name -> {
            String value = request.getParameter(name);
            if (value != null) {
                parameters.put(name, value);
            }
        })).build();
    }

    /** The login server's error (e.g. login_required), as the client received it. */
    private static void showError(HttpServletRequest request, HttpServletResponse response,
            org.springframework.security.core.AuthenticationException exception) throws IOException {
        String code = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode()
                : exception.getClass().getSimpleName();
        response.setStatus(401);
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(("error=" + code + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** How the user signed in, from the ID token and from UserInfo. */
    @GetMapping(value = "/", produces = "text/plain")
    String home(@AuthenticationPrincipal OidcUser user) {
        Instant authTime = user.getIdToken().getAuthenticatedAt();
        Map<String, Object> userInfo = user.getUserInfo() == null ? Map.of() : user.getUserInfo().getClaims();
        return "user=" + user.getSubject() + "\n"
                + "amr=" + String.join(" ", user.getIdToken().getAuthenticationMethods()) + "\n"
                + "acr=" + user.getIdToken().getAuthenticationContextClass() + "\n"
                + "auth_time=" + (authTime == null ? "" : authTime.getEpochSecond()) + "\n"
                + "userinfo_amr=" + userInfo.get("amr") + "\n"
                + "userinfo_acr=" + userInfo.get("acr") + "\n";
    }

    /** The resource server's raw answer to this user's access token. */
    @GetMapping(value = "/api-call", produces = "text/plain")
    String apiCall(@RegisteredOAuth2AuthorizedClient("kairos") OAuth2AuthorizedClient client) {
        ResponseEntity<String> answer = callPayments(client);
        return "status=" + answer.getStatusCode().value() + "\n"
                + "www-authenticate=" + answer.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE) + "\n"
                + "body=" + answer.getBody() + "\n";
    }

    /** Payments, stepping up at the login server when the resource server asks for it (RFC 9470 §4). */
    @GetMapping(value = "/payments", produces = "text/plain")
    ResponseEntity<String> payments(@RegisteredOAuth2AuthorizedClient("kairos") OAuth2AuthorizedClient client) {
        ResponseEntity<String> answer = callPayments(client);
        String challenge = answer.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE);
        if (answer.getStatusCode().value() == 401 && challenge != null
                && challenge.contains("insufficient_user_authentication")) {
            Matcher acr = ACR_VALUES.matcher(challenge);
            UriComponentsBuilder stepUp = UriComponentsBuilder.fromPath("/oauth2/authorization/kairos");
            if (acr.find()) {
                stepUp.queryParam("acr_values", acr.group(1));
            }
            return ResponseEntity.status(302).header(HttpHeaders.LOCATION, stepUp.encode().build().toUriString())
                    .build();
        }
        return ResponseEntity.ok("payments=" + answer.getBody() + "\n");
    }

    private ResponseEntity<String> callPayments(OAuth2AuthorizedClient client) {
        return http.get().uri(resourceServer + "/api/payments")
                .headers(headers -> headers.setBearerAuth(client.getAccessToken().getTokenValue()))
                .exchange((request, response) -> ResponseEntity.status(response.getStatusCode())
                        .headers(response.getHeaders())
                        .body(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }
}
