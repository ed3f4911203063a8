package dev.kairos.demo;

import dev.kairos.mfa.EnrollmentStatus;
import dev.kairos.mfa.EnrollmentTicket;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.KeyRing;
import dev.kairos.spring.EnrollmentTicketPolicy;
import dev.kairos.spring.MfaEnforcement;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Kairos demo: a login portal on Spring Boot, Spring Security and the Kairos starter. Run it twice on one
 * database and it is two portals, the Developer Portal and the Management Dashboard, with one MFA set-up:
 *
 * <pre>
 * java -jar demo/target/kairos-demo.jar                                   # Developer Portal, :8080
 * java -jar demo/target/kairos-demo.jar --kairos.demo.portal=dashboard    # Management Dashboard, :8081
 * </pre>
 *
 * <p>Everything is in the shared database (an H2 file under {@code kairos.demo.data}, served on the loopback address
 * by whichever process started first, see {@link SharedDatabase}; PostgreSQL through {@code spring.datasource.*}): MFA enrollments (Kairos's JDBC store, so a
 * code used on one portal is refused on the other), users and organisations, the audit log, password throttling
 * and the session generations that end sessions on both portals.
 */
@SpringBootApplication
@EnableConfigurationProperties(DemoProperties.class)
public class DemoApplication {

    /**
     * Starts one portal.
     *
     * @param args Spring Boot arguments, e.g. {@code --kairos.demo.portal=dashboard --server.port=9090}
     */
    public static void main(String[] args) {
        // Before anything loads H2: its server listens on this address only (SharedDatabase checks it).
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", SharedDatabase.LOOPBACK);
        }
        SpringApplication.run(DemoApplication.class, args);
    }

    /** The time for codes, lockouts and the audit log; tests register a clock they can move. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The AES-256 key that seals TOTP secrets, kept owner-only in the data folder so both portals (and restarts)
     * open the same secrets (0600 in a 0700 folder). A real deployment keeps it in a vault or an environment secret, away from the
     * database ({@code kairos.sealing.keys.<id>}).
     */
    @Bean
    KeyRing kairosKeyRing(DemoProperties properties) {
        return KeyRing.of("demo-key-1", sealingKey(properties.data()));
    }

    static byte[] sealingKey(Path dataFolder) {
        return OwnerOnlyFiles.secret(dataFolder, "sealing-key.bin", 32);
    }

    /**
     * The shared H2 database, when no {@code spring.datasource.url} names another one (PostgreSQL, or the tests'
     * own server): served on the loopback address with a generated password ({@link SharedDatabase}).
     */
    @Bean(destroyMethod = "close")
    @Conditional(NoDataSourceUrl.class)
    SharedDatabase sharedDatabase(DemoProperties properties) {
        return SharedDatabase.open(properties.data(), properties.databasePort());
    }

    @Bean(destroyMethod = "close")
    @Conditional(NoDataSourceUrl.class)
    HikariDataSource dataSource(SharedDatabase database) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(database.url());
        pool.setUsername(SharedDatabase.USER);
        pool.setPassword(database.password());
        pool.setMaximumPoolSize(8);
        return pool;
    }

    /** True when {@code spring.datasource.url} is not set: the demo then serves its own H2 database. */
    static final class NoDataSourceUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !context.getEnvironment().containsProperty("spring.datasource.url");
        }
    }

    @Bean
    Passwords passwords(DemoProperties properties) {
        return new Passwords(properties.passwordIterations());
    }

    /** The users and organisations, once their tables are there ({@code start}). */
    @Bean
    Directory directory(DataSource dataSource, FirstStart start) {
        return new Directory(new JdbcTemplate(dataSource));
    }

    /**
     * Creates the directory's tables and demo users that are missing, and tells which users this start created:
     * all of them at the first start (on a new database), else none.
     */
    @Bean
    FirstStart firstStart(DataSource dataSource, Passwords passwords) {
        return new FirstStart(new Directory(new JdbcTemplate(dataSource)).createIfMissing(passwords));
    }

    /**
     * The demo users this start created.
     *
     * @param created their e-mail addresses
     */
    record FirstStart(List<String> created) {}

    /**
     * Administrators need a single-use enrollment ticket to set up MFA (issue 20): their password is published in
     * the README, so the password alone must not bind an authenticator app to the account.
     */
    @Bean
    EnrollmentTicketPolicy enrollmentTicketPolicy(Directory directory) {
        return account -> directory.user(account).map(Directory.User::admin).orElse(false);
    }

    /**
     * At the first start, a ticket for each administrator without MFA, issued by {@code system} and valid for
     * {@link #ADMIN_TICKET_VALIDITY}: printed once (only its hash is stored), as a real deployment would send it out
     * of band.
     */
    static List<EnrollmentTicket> adminTickets(FirstStart start, Directory directory, Enrollments mfa) {
        return start.created().stream().flatMap(email -> directory.user(email).stream()).filter(Directory.User::admin)
                .filter(u -> mfa.status(u.email()) != EnrollmentStatus.ACTIVE)
                .map(u -> mfa.issueTicket(u.email(), "system", ADMIN_TICKET_VALIDITY)).toList();
    }

    /** How long the administrator's first-start enrollment ticket can be used. */
    static final Duration ADMIN_TICKET_VALIDITY = Duration.ofDays(7);

    @Bean
    AuditLog auditLog(DataSource dataSource, Clock clock, DemoProperties properties) {
        AuditLog audit = new AuditLog(new JdbcTemplate(dataSource), clock, properties.portal());
        audit.createIfMissing();
        return audit;
    }

    @Bean
    PasswordThrottle passwordThrottle(DataSource dataSource, Clock clock, DemoProperties properties) {
        PasswordThrottle throttle = new PasswordThrottle(new JdbcTemplate(dataSource), clock, properties.throttle());
        throttle.createIfMissing();
        return throttle;
    }

    /** The key that signs known-browser cookies, shared by both portals (a 0600 file in the data folder). */
    @Bean
    KnownBrowsers knownBrowsers(DemoProperties properties) {
        return new KnownBrowsers(OwnerOnlyFiles.secret(properties.data(), "known-browser-key.bin", 32));
    }

    @Bean
    PasswordSignIn passwordSignIn(Directory directory, Passwords passwords, PasswordThrottle throttle,
            KnownBrowsers knownBrowsers, AuditLog audit, DemoProperties properties) {
        return new PasswordSignIn(directory, passwords, throttle, knownBrowsers, audit, properties.hashing());
    }

    @Bean
    SessionEpochs sessionEpochs(Directory directory, Environment environment) {
        return new SessionEpochs(directory,
                environment.getProperty("kairos.remembered-browsers.path", "/mfa/browsers"));
    }

    @Bean
    Pages pages(DemoProperties properties) {
        return new Pages(new Layout(properties.portal()));
    }

    /** The starter's pages in the portal's brand bar, footer and name (its stylesheet: kairos.web.stylesheets). */
    @Bean
    PortalFrame portalFrame(Pages pages, Directory directory, Enrollments mfa) {
        return new PortalFrame(pages.layout(), directory, mfa);
    }

    /**
     * Who must use TOTP before enrolling: administrators, and users whose organisation or its reseller requires
     * it. They land on the set-up wizard right after the password.
     */
    @Bean
    MfaEnforcement mfaEnforcement(Directory directory) {
        return user -> directory.requiresMfa(user.getName());
    }

    /** Prints where this portal listens and the demo users. */
    @Bean
    ApplicationRunner banner(Environment environment, DemoProperties properties, FirstStart start,
            Directory directory, Enrollments mfa) {
        return args -> {
            List<EnrollmentTicket> tickets = adminTickets(start, directory, mfa);
            PrintStream out = System.out;
            out.println();
            out.println("Kairos demo, " + properties.portal().title() + ": http://127.0.0.1:"
                    + environment.getProperty("local.server.port") + "/   (Ctrl-C stops it)");
            out.println("Shared database and sealing key: " + properties.data().toAbsolutePath()
                    + " (delete it to start afresh)");
            out.println("The other portal: java -jar demo/target/kairos-demo.jar --kairos.demo.portal="
                    + (properties.portal() == PortalKind.DEVELOPER ? "dashboard" : "developer"));
            out.println();
            out.println("Demo users:");
            for (Directory.DemoAccount a : Directory.DEMO_ACCOUNTS) {
                out.printf("  %-20s  password %-22s  %s%n", a.email(), a.password(), a.note());
            }
            for (EnrollmentTicket t : tickets) {
                out.println();
                out.println("Enrollment ticket for " + t.accountId() + " (shown once, single use, until "
                        + t.expiresAt() + "): " + t.ticket());
                out.println("  The set-up wizard asks for it: the published password alone cannot set up MFA.");
            }
            out.println();
        };
    }
}
