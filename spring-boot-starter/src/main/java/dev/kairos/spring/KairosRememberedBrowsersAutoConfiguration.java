package dev.kairos.spring;

import dev.kairos.mfa.EnrollmentEvent;
import dev.kairos.mfa.Enrollments;
import dev.kairos.store.EnrollmentStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * Auto-configures remembered browsers when {@code kairos.remembered-browsers.enabled=true}: the record of them
 * ({@link RememberedBrowsers}: a table on the application's {@code DataSource}, otherwise memory), the cookie's key,
 * the filters on every {@code HttpSecurity}, and their revocation when MFA is turned off or reset, an enrollment is
 * confirmed or imported, or new recovery codes are made. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(after = KairosSecurityAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(HttpSecurity.class)
@ConditionalOnBean({Enrollments.class, PageRenderer.class})
@ConditionalOnBooleanProperty(name = "kairos.remembered-browsers.enabled")
@EnableConfigurationProperties(RememberedBrowsersProperties.class)
public final class KairosRememberedBrowsersAutoConfiguration {

    private static final Log LOG = LogFactory.getLog(KairosRememberedBrowsersAutoConfiguration.class);

    /** What the derived key is for: another purpose from the same sealing key gives another key. */
    private static final String PURPOSE = "kairos remembered-browser cookie v1";

    /** The enrollment changes after which no browser remembered before counts. */
    private static final Set<EnrollmentEvent.Type> REVOKING = Set.of(EnrollmentEvent.Type.CONFIRMED,
            EnrollmentEvent.Type.IMPORTED, EnrollmentEvent.Type.DISABLED, EnrollmentEvent.Type.RESET,
            EnrollmentEvent.Type.RECOVERY_CODES_REGENERATED);

    /** Creates the auto-configuration; Spring calls it. */
    public KairosRememberedBrowsersAutoConfiguration() {
    }

    /**
     * The record of remembered browsers: the table {@code kairos_remembered_browser} on the application's one
     * {@code DataSource} (created unless {@code kairos.remembered-browsers.create-schema=false}), otherwise memory.
     *
     * @param dataSource the application's data source, if exactly one
     * @param properties {@code kairos.remembered-browsers.*}
     * @return the record
     */
    @Bean
    @ConditionalOnMissingBean
    public RememberedBrowsers kairosRememberedBrowsers(ObjectProvider<DataSource> dataSource,
            RememberedBrowsersProperties properties) {
        DataSource db = dataSource.getIfUnique();
        if (db != null) {
            JdbcRememberedBrowsers browsers = new JdbcRememberedBrowsers(db);
            return properties.createSchema() ? browsers.createSchemaIfMissing() : browsers;
        }
        LOG.warn("Kairos keeps remembered browsers IN MEMORY: they are forgotten at restart and each server "
                + "knows only its own. Add a DataSource or define a RememberedBrowsers bean.");
        return new InMemoryRememberedBrowsers();
    }

    @Bean
    RememberedBrowserService kairosRememberedBrowserService(RememberedBrowsers browsers, EnrollmentStore store,
            ObjectProvider<Clock> clock, RememberedBrowsersProperties properties, KairosProperties kairos,
            ApplicationEventPublisher events) {
        if (properties.duration().compareTo(Duration.ofHours(1)) < 0
                || properties.duration().compareTo(RememberedBrowsersProperties.LONGEST) > 0) {
            throw new KairosConfigurationException("kairos.remembered-browsers.duration must be 1h to 400d, got "
                    + properties.duration());
        }
        return new RememberedBrowserService(browsers, new BrowserTokens(key(properties, kairos.sealing())), store,
                clock.getIfUnique(Clock::systemUTC), properties, events);
    }

    @Bean
    Revocation kairosRememberedBrowserRevocation(RememberedBrowserService service) {
        return new Revocation(service);
    }

    /** Forgets an account's remembered browsers after an enrollment change that must end them. */
    static final class Revocation implements ApplicationListener<KairosEnrollmentEvent> {
        private final RememberedBrowserService service;

        Revocation(RememberedBrowserService service) {
            this.service = service;
        }

        @Override
        public void onApplicationEvent(KairosEnrollmentEvent event) {
            EnrollmentEvent e = event.event();
            if (REVOKING.contains(e.type())) {
                service.forgetAll(e.accountId(), e.type().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
    }

    @Bean
    Customizer<HttpSecurity> kairosRememberedBrowsersFactor(RememberedBrowserService service,
            KairosProperties properties, ObjectProvider<AuthenticationEventPublisher> publisher,
            ApplicationEventPublisher events, ObjectProvider<OtherSessions> sessions, PageRenderer pages) {
        AuthenticationEventPublisher authenticationEvents =
                publisher.getIfUnique(() -> new DefaultAuthenticationEventPublisher(events));
        OtherSessions others = sessions.getIfUnique(() -> SessionEnding.NONE);
        return http -> http.with(new RememberedBrowsersConfigurer(service, properties, authenticationEvents, others,
                pages));
    }

    /**
     * The cookie's HMAC key: {@code kairos.remembered-browsers.key}, else derived from the primary sealing key,
     * else (secrets stored unsealed, or sealed by an application's own {@code KeyRing}) a random key for this run.
     */
    static byte[] key(RememberedBrowsersProperties properties, KairosProperties.Sealing sealing) {
        if (properties.key() != null && !properties.key().isBlank()) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(properties.key().strip());
            } catch (IllegalArgumentException e) {
                throw new KairosConfigurationException("kairos.remembered-browsers.key is not Base64");
            }
            if (key.length < 32) {
                throw new KairosConfigurationException("kairos.remembered-browsers.key must decode to at least 32 "
                        + "bytes (e.g. $(openssl rand -base64 32)), got " + key.length);
            }
            return key;
        }
        Map<String, String> keys = sealing.keys() == null ? Map.of() : sealing.keys();
        String primary = sealing.primary() != null ? sealing.primary()
                : keys.size() == 1 ? keys.keySet().iterator().next() : null;
        if (primary != null && keys.containsKey(primary)) {
            return BrowserTokens.derive(KairosAutoConfiguration.decode(primary, keys.get(primary)), PURPOSE);
        }
        LOG.warn("Kairos signs remembered-browser cookies with a random key of this run: they are refused after a "
                + "restart and by other servers. Set kairos.remembered-browsers.key (Base64, 32 bytes).");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
