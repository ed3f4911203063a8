package dev.kairos.spring;

import dev.kairos.core.SkewWindow;
import dev.kairos.core.TotpParameters;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.KeyRing;
import dev.kairos.mfa.ThrottlingPolicy;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.jdbc.JdbcEnrollmentStore;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Auto-configures {@link Enrollments} from {@code kairos.*}: on the application's {@code DataSource} the JDBC
 * store, otherwise an in-memory store (with a start-up warning: enrollments are lost at restart). Every bean backs
 * off when the application defines its own.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(KairosProperties.class)
public final class KairosAutoConfiguration {

    private static final Log LOG = LogFactory.getLog(KairosAutoConfiguration.class);

    /** A placeholder Spring could not resolve, e.g. {@code ${KAIROS_SEALING_KEYS_2026A}} (a default after ':' aside). */
    private static final Pattern UNRESOLVED = Pattern.compile("\\$\\{([^}:]+)(?::[^}]*)?}");

    /** Creates the auto-configuration; Spring calls it. */
    public KairosAutoConfiguration() {
    }

    /**
     * The enrollment store: the JDBC store on the application's one {@code DataSource} (creating its table unless
     * {@code kairos.store.create-schema=false}), otherwise memory only, said loudly.
     *
     * @param dataSource the application's data source, if exactly one
     * @param properties {@code kairos.*}
     * @return the store
     */
    @Bean
    @ConditionalOnMissingBean
    public EnrollmentStore kairosEnrollmentStore(ObjectProvider<DataSource> dataSource, KairosProperties properties) {
        DataSource db = dataSource.getIfUnique();
        if (db != null) {
            JdbcEnrollmentStore store = JdbcEnrollmentStore.create(db);
            return properties.store().createSchema() ? store.createSchemaIfMissing() : store;
        }
        LOG.warn("Kairos keeps MFA enrollments IN MEMORY: every enrollment is lost at restart and not shared "
                + "between instances. Add a DataSource (the JDBC store is then used) or define an "
                + "EnrollmentStore bean.");
        return new InMemoryEnrollmentStore();
    }

    /**
     * The service.
     *
     * @param store the enrollment store
     * @param properties {@code kairos.*}
     * @param environment for {@code spring.application.name}, the issuer's fallback
     * @param keyRing an application-defined key ring, if any (it replaces {@code kairos.sealing.*})
     * @param clock an application-defined clock, if exactly one (tests move it)
     * @param events where Kairos events are published as {@link KairosEnrollmentEvent}s
     * @param ticketPolicy the accounts that need an enrollment ticket to set up, if the application names some
     *     (besides {@code kairos.enrollment.require-ticket=true}, which names all)
     * @return the service
     * @throws KairosConfigurationException if the issuer or the sealing is missing or out of range
     */
    @Bean
    @ConditionalOnMissingBean
    public Enrollments kairosEnrollments(EnrollmentStore store, KairosProperties properties, Environment environment,
            ObjectProvider<KeyRing> keyRing, ObjectProvider<Clock> clock, ApplicationEventPublisher events,
            ObjectProvider<EnrollmentTicketPolicy> ticketPolicy) {
        String issuer = issuer(properties, environment).orElseThrow(() -> new KairosConfigurationException(
                "kairos.issuer is not set: set it to the service name authenticator apps show beside the account "
                + "(e.g. kairos.issuer=ACME Corp), or set spring.application.name"));
        try {
            KairosProperties.Throttling t = properties.throttling();
            Enrollments.Builder builder = Enrollments.builder(store)
                    .issuer(issuer)
                    .parameters(TotpParameters.defaults().withDigits(properties.digits())
                            .withPeriod(properties.period()))
                    .window(SkewWindow.of(properties.window(), properties.window()))
                    .throttling(new ThrottlingPolicy(t.threshold(), t.firstLockout(), t.maxLockout(), t.hardCap()))
                    .recoveryCodeCount(properties.recoveryCodes())
                    .pendingLifetime(properties.pendingLifetime())
                    .clock(clock.getIfUnique(Clock::systemUTC))
                    .listener(event -> events.publishEvent(new KairosEnrollmentEvent(event, principal())));
            Optional<EnrollmentTicketPolicy> policy = Optional.ofNullable(ticketPolicy.getIfUnique());
            if (properties.enrollment().requireTicket()) {
                builder.requireTicket(account -> true);
            } else if (policy.isPresent()) {
                builder.requireTicket(policy.get()::requiresTicket);
            }
            Optional<KeyRing> keys = Optional.ofNullable(keyRing.getIfUnique()).or(() -> keyRing(properties.sealing()));
            if (keys.isPresent()) {
                builder.sealWith(keys.get());
            } else {
                LOG.warn("Kairos stores TOTP secrets UNSEALED (kairos.sealing.unsealed=true): whoever reads the "
                        + "enrollment store can generate every user's codes.");
                builder.unsealed();
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new KairosConfigurationException("kairos.* is out of range: " + e.getMessage(), e);
        }
    }

    /** {@code kairos.issuer}, else {@code spring.application.name}. */
    static Optional<String> issuer(KairosProperties properties, Environment environment) {
        return Optional.ofNullable(properties.issuer())
                .or(() -> Optional.ofNullable(environment.getProperty("spring.application.name")));
    }

    /** Who is signed in on this thread (events are emitted on the caller's thread). */
    private static String principal() {
        Authentication user = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        return user == null ? null : user.getName();
    }

    /** The key ring from {@code kairos.sealing.*}; empty only with an explicit {@code unsealed=true}. */
    static Optional<KeyRing> keyRing(KairosProperties.Sealing sealing) {
        Map<String, String> keys = sealing.keys() == null ? Map.of() : sealing.keys();
        if (keys.isEmpty()) {
            if (sealing.unsealed()) {
                return Optional.empty();
            }
            throw new KairosConfigurationException("Kairos has no sealing key: set kairos.sealing.keys.<id> to a "
                    + "Base64 32-byte AES key (e.g. from the environment: KAIROS_SEALING_KEYS_2026A=$(openssl rand "
                    + "-base64 32)) and kairos.sealing.primary=<id>; there is no default key. To store secrets "
                    + "unsealed (tests, demos), set kairos.sealing.unsealed=true.");
        }
        if (sealing.unsealed()) {
            throw new KairosConfigurationException("kairos.sealing.unsealed=true and kairos.sealing.keys."
                    + keys.keySet() + " are both set: choose one");
        }
        String primary = sealing.primary();
        if (primary == null) {
            if (keys.size() != 1) {
                throw new KairosConfigurationException("kairos.sealing.primary is not set: name the key id that "
                        + "seals new secrets, one of " + keys.keySet());
            }
            primary = keys.keySet().iterator().next();
        }
        if (!keys.containsKey(primary)) {
            throw new KairosConfigurationException("kairos.sealing.primary=" + primary + " names no key; the keys "
                    + "are kairos.sealing.keys." + keys.keySet());
        }
        KeyRing ring = KeyRing.of(primary, decode(primary, keys.get(primary)));
        for (Map.Entry<String, String> key : keys.entrySet()) {
            if (!key.getKey().equals(primary)) {
                ring = ring.withRetiredKey(key.getKey(), decode(key.getKey(), key.getValue()));
            }
        }
        return Optional.of(ring);
    }

    static byte[] decode(String id, String base64) {
        Matcher unresolved = UNRESOLVED.matcher(base64 == null ? "" : base64.strip());
        if (unresolved.matches()) {
            // Spring leaves a placeholder it cannot resolve as it is: the variable is not set (a deployment
            // mistake, the usual one), which "is not Base64" would hide.
            String variable = unresolved.group(1);
            throw new KairosConfigurationException("kairos.sealing.keys." + id + " is ${" + variable + "}, but "
                    + variable + " is not set: set the environment variable " + variable + " to a Base64 32-byte "
                    + "AES key (e.g. " + variable + "=$(openssl rand -base64 32)), from the same secret store as "
                    + "before if secrets were sealed with it");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64 == null ? "" : base64.strip());
        } catch (IllegalArgumentException e) {
            // Not chained: the decoder's message may quote part of the key.
            throw new KairosConfigurationException("kairos.sealing.keys." + id + " is not Base64");
        }
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new KairosConfigurationException("kairos.sealing.keys." + id + " must decode to a 16, 24 or 32 "
                    + "byte AES key (32 recommended), got " + key.length + " bytes");
        }
        return key;
    }
}
