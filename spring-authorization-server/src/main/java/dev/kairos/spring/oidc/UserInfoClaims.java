package dev.kairos.spring.oidc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;

/**
 * The UserInfo answer: what Spring Authorization Server's default mapper returns (the ID token's standard claims
 * that the access token's scopes allow, OpenID Connect Core §5.4; that mapper is private, so its rule is repeated),
 * plus {@code amr}, {@code acr} and {@code auth_time} from the same ID token, so both answers agree.
 */
final class UserInfoClaims implements Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {

    private static final Map<String, List<String>> BY_SCOPE = Map.of(
            OidcScopes.PROFILE, List.of(StandardClaimNames.NAME, StandardClaimNames.FAMILY_NAME,
                    StandardClaimNames.GIVEN_NAME, StandardClaimNames.MIDDLE_NAME, StandardClaimNames.NICKNAME,
                    StandardClaimNames.PREFERRED_USERNAME, StandardClaimNames.PROFILE, StandardClaimNames.PICTURE,
                    StandardClaimNames.WEBSITE, StandardClaimNames.GENDER, StandardClaimNames.BIRTHDATE,
                    StandardClaimNames.ZONEINFO, StandardClaimNames.LOCALE, StandardClaimNames.UPDATED_AT),
            OidcScopes.EMAIL, List.of(StandardClaimNames.EMAIL, StandardClaimNames.EMAIL_VERIFIED),
            OidcScopes.ADDRESS, List.of(StandardClaimNames.ADDRESS),
            OidcScopes.PHONE, List.of(StandardClaimNames.PHONE_NUMBER, StandardClaimNames.PHONE_NUMBER_VERIFIED));

    private static final List<String> SIGN_IN = List.of(KairosOidcClaims.AMR, KairosOidcClaims.ACR,
            KairosOidcClaims.AUTH_TIME);

    @Override
    public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
        OAuth2Authorization.Token<OidcIdToken> idToken = context.getAuthorization().getToken(OidcIdToken.class);
        Map<String, Object> from = idToken == null ? Map.of() : idToken.getToken().getClaims();
        Set<String> scopes = context.getAccessToken().getScopes();
        Map<String, Object> claims = new HashMap<>();
        copy(from, claims, List.of(StandardClaimNames.SUB));
        BY_SCOPE.forEach((scope, names) -> {
            if (scopes.contains(scope)) {
                copy(from, claims, names);
            }
        });
        copy(from, claims, SIGN_IN);
        return new OidcUserInfo(claims);
    }

    private static void copy(Map<String, Object> from, Map<String, Object> to, List<String> names) {
        for (String name : names) {
            Object value = from.get(name);
            if (value != null) {
                to.put(name, value);
            }
        }
    }
}
