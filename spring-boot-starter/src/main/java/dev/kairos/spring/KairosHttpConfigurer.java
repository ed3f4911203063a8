package dev.kairos.spring;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * Adds the TOTP factor to an {@link HttpSecurity}: its pages and endpoints, and its entry point for a missing
 * {@link KairosFactors#TOTP_AUTHORITY}, the way {@code OneTimeTokenLoginConfigurer} wires Spring's own factor.
 * Applied to every {@code HttpSecurity} by the auto-configuration's {@code Customizer<HttpSecurity>} bean.
 */
final class KairosHttpConfigurer extends AbstractHttpConfigurer<KairosHttpConfigurer, HttpSecurity> {

    private final KairosWeb web;

    KairosHttpConfigurer(KairosWeb web) {
        this.web = web;
    }

    @Override
    public void init(HttpSecurity http) {
        @SuppressWarnings("unchecked")
        ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
        if (exceptions != null) {
            exceptions.defaultDeniedHandlerForMissingAuthority(
                    new TotpEntryPoint(web.enrollments(), web.properties().web()), KairosFactors.TOTP_AUTHORITY);
        }
    }

    @Override
    public void configure(HttpSecurity http) {
        SecurityContextRepository contexts = http.getSharedObject(SecurityContextRepository.class);
        if (contexts == null) {
            contexts = new DelegatingSecurityContextRepository(new RequestAttributeSecurityContextRepository(),
                    new HttpSessionSecurityContextRepository());
        }
        RequestCache requests = http.getSharedObject(RequestCache.class);
        if (requests == null) {
            requests = new HttpSessionRequestCache();
        }
        KairosFilter filter = postProcess(new KairosFilter(web, contexts, requests));
        http.addFilterBefore(filter, AuthorizationFilter.class);
    }
}
