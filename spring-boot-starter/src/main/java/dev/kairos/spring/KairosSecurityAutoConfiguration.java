package dev.kairos.spring;

import dev.kairos.mfa.Enrollments;
import java.time.Clock;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authorization.AuthorizationManagerFactory;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.web.servlet.LocaleResolver;
import org.thymeleaf.ITemplateEngine;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configures the TOTP factor for Spring Security 7's multi-factor authentication in a servlet application:
 * the pages and endpoints and the factor's entry point on every {@code HttpSecurity} (through a
 * {@code Customizer<HttpSecurity>} bean, which Spring Security applies to each filter chain it builds), and,
 * unless the application declares its own {@link AuthorizationManagerFactory} (e.g. with
 * {@code @EnableMultiFactorAuthentication}), the rule "TOTP for users who enrolled or whom {@link MfaEnforcement}
 * names". Off with {@code kairos.web.enabled=false}.
 */
@AutoConfiguration(after = KairosAutoConfiguration.class, afterName = {
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration",
        // Spring Session's repositories must exist before "other sessions" looks for one (@ConditionalOnBean).
        "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
        "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration",
        "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
        "org.springframework.boot.session.data.mongodb.autoconfigure.SessionDataMongoAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(HttpSecurity.class)
@ConditionalOnBean(Enrollments.class)
@ConditionalOnBooleanProperty(name = "kairos.web.enabled", matchIfMissing = true)
public final class KairosSecurityAutoConfiguration {

    /** By name: Spring Session is optional, and a class literal of a missing class fails the condition's parsing. */
    private static final String SPRING_SESSION_INDEX = "org.springframework.session.FindByIndexNameSessionRepository";

    /** By name too: Jackson is optional (the JSON API needs it). */
    private static final String JACKSON = "tools.jackson.databind.json.JsonMapper";

    /** By name too: Thymeleaf is optional. */
    private static final String THYMELEAF = "org.thymeleaf.ITemplateEngine";

    /** Creates the auto-configuration; Spring calls it. */
    public KairosSecurityAutoConfiguration() {
    }

    /**
     * The default policy for users who have not enrolled: nobody is forced.
     *
     * @return {@link MfaEnforcement#onlyEnrolledUsers()}
     */
    @Bean
    @ConditionalOnMissingBean
    public MfaEnforcement kairosMfaEnforcement() {
        return MfaEnforcement.onlyEnrolledUsers();
    }

    /**
     * Every rule also requires the TOTP factor from users who enrolled or are enforced.
     *
     * @param enrollments the service
     * @param enforcement the application's policy
     * @param properties {@code kairos.*}, for the factor's own paths
     * @return the factory Spring Security's {@code authorizeHttpRequests} uses
     */
    @Bean
    @ConditionalOnMissingBean(AuthorizationManagerFactory.class)
    public AuthorizationManagerFactory<Object> kairosAuthorizationManagerFactory(Enrollments enrollments,
            MfaEnforcement enforcement, KairosProperties properties) {
        KairosProperties.Web web = properties.web();
        return KairosFactors.totpWhenRequired(enrollments, enforcement, web.loginPath(), web.recoveryPath(),
                web.setupPath(), web.disablePath(), web.beginPath(), web.passwordPath());
    }

    /**
     * Step-up rules for the application's {@code SecurityFilterChain} ({@link KairosStepUp#within}).
     *
     * @param enrollments the service
     * @param enforcement the application's policy
     * @param properties {@code kairos.*}, for the factor's own paths
     * @param clock an application-defined clock, if exactly one (the factor's time is stamped with it)
     * @return the step-up rules
     */
    @Bean
    @ConditionalOnMissingBean
    public KairosStepUp kairosStepUp(Enrollments enrollments, MfaEnforcement enforcement,
            KairosProperties properties, ObjectProvider<Clock> clock) {
        return new KairosStepUp(enrollments, enforcement, clock.getIfUnique(Clock::systemUTC),
                KairosStepUp.factorPaths(properties.web()));
    }

    /**
     * Applies the TOTP factor to every {@code HttpSecurity}.
     *
     * @param enrollments the service
     * @param properties {@code kairos.*}
     * @param enforcement the application's policy
     * @param publisher Spring Security's authentication event publisher, if defined
     * @param events the application's event publisher (for a default authentication event publisher)
     * @param sessions how other sessions are ended
     * @param timer the Micrometer timer, if any
     * @param clock an application-defined clock, if exactly one
     * @param pages the pages' renderer
     * @param api the JSON API's reading and writing, when Jackson is on the class path
     * @return the customizer
     */
    @Bean
    public Customizer<HttpSecurity> kairosTotpFactor(Enrollments enrollments, KairosProperties properties,
            MfaEnforcement enforcement, ObjectProvider<AuthenticationEventPublisher> publisher,
            ApplicationEventPublisher events, ObjectProvider<OtherSessions> sessions,
            ObjectProvider<VerificationTimer> timer, ObjectProvider<Clock> clock, PageRenderer pages,
            ObjectProvider<ApiJson> api) {
        KairosWeb web = new KairosWeb(enrollments, properties, enforcement,
                publisher.getIfUnique(() -> new DefaultAuthenticationEventPublisher(events)),
                sessions.getIfUnique(() -> SessionEnding.NONE), timer.getIfUnique(() -> VerificationTimer.NONE),
                clock.getIfUnique(Clock::systemUTC), pages);
        Optional<ApiJson> json = Optional.ofNullable(api.getIfUnique());
        return http -> http.with(new KairosHttpConfigurer(web, json));
    }

    @Bean
    @ConditionalOnMissingBean
    KairosMessages kairosMessages(ObjectProvider<MessageSource> messageSource) {
        return new KairosMessages(Optional.ofNullable(messageSource.getIfUnique()));
    }

    /**
     * The built-in pages, unless a template engine renders them ({@link ThymeleafPages}), in the application's
     * {@link KairosPageFrame} if it has one.
     */
    @Bean
    @ConditionalOnMissingBean
    PageRenderer kairosPages(KairosProperties properties, Environment environment, KairosMessages messages,
            ObjectProvider<PageLocale> locale, ObjectProvider<KairosPageFrame> frame) {
        return new Pages(properties.web(), KairosAutoConfiguration.issuer(properties, environment).orElse(""),
                messages, locale.getIfUnique(() -> PageLocale.ACCEPT_LANGUAGE),
                Optional.ofNullable(frame.getIfUnique()));
    }

    /** With a Thymeleaf template engine: the pages from {@code templates/kairos/*.html}, replaceable one by one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = THYMELEAF)
    @ConditionalOnBean(type = THYMELEAF)
    static final class ThymeleafTemplates {
        @Bean
        @ConditionalOnMissingBean
        PageRenderer kairosPages(ITemplateEngine engine, KairosProperties properties, Environment environment,
                KairosMessages messages, ObjectProvider<PageLocale> locale) {
            return new ThymeleafPages(engine, properties.web(),
                    KairosAutoConfiguration.issuer(properties, environment).orElse(""), messages,
                    locale.getIfUnique(() -> PageLocale.ACCEPT_LANGUAGE));
        }
    }

    /** With Jackson 3: the JSON API ({@code kairos.api.*}) and the problem answers for a missing factor. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = JACKSON)
    static final class JsonApi {
        @Bean
        @ConditionalOnMissingBean
        ApiJson kairosApiJson(ObjectProvider<JsonMapper> mapper, KairosMessages messages,
                ObjectProvider<PageLocale> locale, ObjectProvider<Clock> clock) {
            return new ApiJson(mapper.getIfUnique(JsonMapper::new), messages,
                    locale.getIfUnique(() -> PageLocale.ACCEPT_LANGUAGE), clock.getIfUnique(Clock::systemUTC));
        }
    }

    /** With Spring MVC: the application's {@code LocaleResolver} picks the pages' language. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.web.servlet.LocaleResolver")
    static final class MvcLocale {
        @Bean
        PageLocale kairosPageLocale(ObjectProvider<LocaleResolver> resolver) {
            return request -> {
                LocaleResolver own = resolver.getIfUnique();
                return own == null ? request.getLocale() : own.resolveLocale(request);
            };
        }
    }

    /** With Spring Session's index by principal name: other sessions are deleted there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = SPRING_SESSION_INDEX)
    @ConditionalOnBean(type = SPRING_SESSION_INDEX)
    static final class SpringSessionSessions {
        @Bean
        @ConditionalOnMissingBean(OtherSessions.class)
        OtherSessions kairosOtherSessions(FindByIndexNameSessionRepository<?> repository) {
            return SpringSessions.of(repository);
        }
    }

    /** With the servlet session registry (concurrent session control): other sessions are expired. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(SessionRegistry.class)
    @ConditionalOnMissingBean(type = SPRING_SESSION_INDEX)
    static final class RegistrySessions {
        @Bean
        @ConditionalOnMissingBean(OtherSessions.class)
        OtherSessions kairosOtherSessions(SessionRegistry registry) {
            return SessionEnding.of(registry);
        }
    }
}
