package dev.kairos.spring;

import java.util.Optional;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.config.annotation.web.configurers.LogoutConfigurer;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * Adds the TOTP factor to an {@link HttpSecurity} the way {@code OneTimeTokenLoginConfigurer} wires Spring's own
 * factor: a {@link TotpAuthenticationProvider} behind a {@code ProviderManager} of its own, a
 * {@link TotpAuthenticationFilter} per form that posts a code (code page, recovery page, set-up), the
 * {@link TotpDisableFilter}, the {@link TotpPageFilter} that shows the pages, and the entry point for a missing
 * {@link KairosFactors#TOTP_AUTHORITY}. Applied to every {@code HttpSecurity} by the auto-configuration's
 * {@code Customizer<HttpSecurity>} bean.
 *
 * <p>The filters sit just before the {@code AuthorizationFilter} (like Spring's default login page and one-time
 * token filters): reachable by a user who has only the first factor, after the {@code CsrfFilter} has checked
 * every POST. They use the chain's own session authentication strategy (session fixation, CSRF token), security
 * context repository and request cache.
 */
final class KairosHttpConfigurer extends AbstractHttpConfigurer<KairosHttpConfigurer, HttpSecurity> {

    private final KairosWeb web;
    private final Optional<ApiJson> json;

    KairosHttpConfigurer(KairosWeb web, Optional<ApiJson> json) {
        this.web = web;
        this.json = json;
    }

    @Override
    public void init(HttpSecurity http) {
        @SuppressWarnings("unchecked")
        ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
        if (exceptions != null) {
            exceptions.defaultDeniedHandlerForMissingAuthority(entryPoint(), KairosFactors.TOTP_AUTHORITY);
        }
    }

    /** Where a user who lacks the factor is sent: the code page, the set-up page or a 401 problem. */
    private TotpEntryPoint entryPoint() {
        return new TotpEntryPoint(web.enrollments(), web.properties().web(),
                new TotpProblemEntryPoint(web.enrollments(), web.properties(), json));
    }

    @Override
    public void configure(HttpSecurity http) {
        KairosProperties.Web paths = web.properties().web();
        RequestCache requests = shared(http, RequestCache.class, new HttpSessionRequestCache());
        // The sign-out form posts to the chain's logout, and is left out when the chain has none.
        Optional<String> logout = http.getConfigurer(LogoutConfigurer.class) == null ? Optional.empty()
                : Optional.of(paths.logoutPath());
        KairosNavigation navigation = new KairosNavigation(web, web.pages(), requests,
                getSecurityContextHolderStrategy(), logout);

        // Its own manager, not the chain's: an application's own AuthenticationManager must not lose the factor,
        // and the application's providers never see a TOTP token.
        ProviderManager manager = new ProviderManager(
                postProcess(new TotpAuthenticationProvider(web.enrollments(), web.timer(), web.clock())));
        manager.setAuthenticationEventPublisher(new TotpEvents(web.events()));

        SavedRequestAwareAuthenticationSuccessHandler goOn = new SavedRequestAwareAuthenticationSuccessHandler();
        goOn.setRequestCache(requests);
        goOn.setDefaultTargetUrl(paths.successPath());

        http.addFilterBefore(postProcess(new TotpPageFilter(navigation)), AuthorizationFilter.class);
        // With remembered browsers on, a right code with remember=true also remembers this browser.
        Optional<RememberedBrowserService> remembered =
                Optional.ofNullable(http.getSharedObject(RememberedBrowserService.class));
        addProcessingFilter(http, manager, navigation, paths.loginPath(), TotpAuthenticationToken.Method.TOTP_CODE,
                remembered.map(r -> r.issuingThen(goOn)).orElse(goOn));
        addProcessingFilter(http, manager, navigation, paths.recoveryPath(),
                TotpAuthenticationToken.Method.RECOVERY_CODE, new RecoverySignInSuccessHandler(navigation));
        addProcessingFilter(http, manager, navigation, paths.setupPath(), TotpAuthenticationToken.Method.ENROLLMENT,
                new TotpSetupSuccessHandler(navigation));
        http.addFilterBefore(postProcess(new TotpDisableFilter(navigation)), AuthorizationFilter.class);
        http.addFilterBefore(postProcess(new TotpBindingFilter(navigation,
                Optional.ofNullable(http.getSharedObject(AuthenticationManager.class)),
                shared(http, SessionAuthenticationStrategy.class, new ChangeSessionIdAuthenticationStrategy()),
                contexts(http))), AuthorizationFilter.class);
        http.addFilterBefore(postProcess(new RememberedUserFilter(getSecurityContextHolderStrategy(), entryPoint(),
                requests)), AuthorizationFilter.class);
        if (json.isPresent() && web.properties().api().enabled()) {
            addApi(http, manager, navigation, json.get(), web.properties().api().path());
        }
    }

    /** The JSON API: the same provider and manager behind filters that read JSON and answer JSON. */
    private void addApi(HttpSecurity http, ProviderManager manager, KairosNavigation navigation, ApiJson json,
            String path) {
        AuthenticationSuccessHandler success = TotpApiHandlers.success(json, navigation);
        AuthenticationFailureHandler failure = TotpApiHandlers.failure(json);
        TotpAuthenticationFilter.CodeSource code = TotpApiHandlers.field(json, "code");
        // With remembered browsers on, {"code": ..., "remember": true} also remembers this browser.
        AuthenticationSuccessHandler codeSuccess = Optional.ofNullable(
                http.getSharedObject(RememberedBrowserService.class)).map(r -> r.issuingThen(success,
                request -> json.flag(request, RememberedBrowserService.FIELD))).orElse(success);
        addFilter(http, new TotpAuthenticationFilter(path + "/code", TotpAuthenticationToken.Method.TOTP_CODE,
                manager, navigation, code), codeSuccess, failure);
        addFilter(http, new TotpAuthenticationFilter(path + "/recovery",
                TotpAuthenticationToken.Method.RECOVERY_CODE, manager, navigation,
                TotpApiHandlers.field(json, "recoveryCode")), success, failure);
        addFilter(http, new TotpAuthenticationFilter(path + "/setup/confirm",
                TotpAuthenticationToken.Method.ENROLLMENT, manager, navigation, code), success, failure);
        http.addFilterBefore(postProcess(new TotpApiFilter(navigation, json, path)), AuthorizationFilter.class);
    }

    private void addProcessingFilter(HttpSecurity http, ProviderManager manager, KairosNavigation navigation,
            String path, TotpAuthenticationToken.Method method, AuthenticationSuccessHandler success) {
        addFilter(http, new TotpAuthenticationFilter(path, method, manager, navigation), success,
                new TotpFailureHandler(method, navigation));
    }

    private void addFilter(HttpSecurity http, TotpAuthenticationFilter filter, AuthenticationSuccessHandler success,
            AuthenticationFailureHandler failure) {
        filter.setAuthenticationSuccessHandler(success);
        filter.setAuthenticationFailureHandler(failure);
        filter.setSessionAuthenticationStrategy(shared(http, SessionAuthenticationStrategy.class,
                new ChangeSessionIdAuthenticationStrategy()));
        filter.setSecurityContextRepository(contexts(http));
        filter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
        http.addFilterBefore(postProcess(filter), AuthorizationFilter.class);
    }

    static SecurityContextRepository contexts(HttpSecurity http) {
        return shared(http, SecurityContextRepository.class, new DelegatingSecurityContextRepository(
                new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository()));
    }

    /** The chain's own object of a type, or a default when the chain has none (e.g. session management off). */
    static <T> T shared(HttpSecurity http, Class<T> type, T otherwise) {
        T own = http.getSharedObject(type);
        return own == null ? otherwise : own;
    }
}
