/**
 * The TOTP factor in OpenID Connect, for a login server on Spring Authorization Server with the Kairos starter,
 * and for the resource servers that accept its tokens.
 *
 * <ul>
 *   <li>Login server: ID tokens, JWT access tokens and the UserInfo answer say how the user signed in
 *   ({@code amr} per RFC 8176, {@code auth_time}, and {@code acr} from {@link KairosOidcProperties.Acr}), derived
 *   from the authentication's {@code FactorGrantedAuthority}s; the authorization endpoint honours
 *   {@code acr_values}, {@code max_age} and {@code prompt}. Auto-configured by {@link KairosOidcAutoConfiguration}.
 *   <li>Resource server: {@link StepUpRequirement} and {@link StepUpChallengeHandler} answer a token that lacks
 *   the required level with the RFC 9470 challenge.
 * </ul>
 *
 * <p>Public types are immutable and thread-safe unless their Javadoc says otherwise.
 */
package dev.kairos.spring.oidc;
