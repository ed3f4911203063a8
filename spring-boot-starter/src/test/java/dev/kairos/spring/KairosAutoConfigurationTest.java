package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.mfa.EnrollmentEvent;
import dev.kairos.mfa.Enrollments;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.jdbc.JdbcEnrollmentStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.security.authorization.AuthorizationManagerFactories;
import org.springframework.security.authorization.AuthorizationManagerFactory;
import org.springframework.security.config.Customizer;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.session.FindByIndexNameSessionRepository;

/** The auto-configuration in isolation: which beans appear, which back off, and what a bad setting says. */
class KairosAutoConfigurationTest {

    private static final String KEY = "dGVzdHMgb25seTogbmV2ZXIgdXNlIHRoaXMga2V5ISE="; // 32 bytes, tests only

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KairosAutoConfiguration.class))
            .withPropertyValues("kairos.issuer=ACME Corp", "kairos.sealing.keys.2026a=" + KEY);

    private final ApplicationContextRunner withH2 = runner
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true");

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class, KairosAutoConfiguration.class,
                    KairosSecurityAutoConfiguration.class, KairosMetricsAutoConfiguration.class))
            .withPropertyValues("kairos.issuer=ACME Corp", "kairos.sealing.unsealed=true");

    // ------------------------------------------------------------------------------------------ stores

    @Test
    void usesTheInMemoryStoreWithoutADataSource() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Enrollments.class);
            assertThat(context.getBean(EnrollmentStore.class)).isInstanceOf(InMemoryEnrollmentStore.class);
        });
    }

    @Test
    void usesTheJdbcStoreOnADataSourceAndCreatesItsTable() {
        withH2.run(context -> {
            JdbcEnrollmentStore store = (JdbcEnrollmentStore) context.getBean(EnrollmentStore.class);
            assertThat(tableExists(context.getBean(DataSource.class), store.tableName())).isTrue();
            Enrollments mfa = context.getBean(Enrollments.class);
            mfa.begin("alice", "alice@acme.test");
            assertThat(store.find("alice")).hasValueSatisfying(r -> assertThat(r.secret().keyId()).isEqualTo("2026a"));
        });
    }

    @Test
    void leavesTheTableToFlywayOrLiquibaseWhenCreateSchemaIsOff() {
        withH2.withPropertyValues("kairos.store.create-schema=false").run(context -> {
            JdbcEnrollmentStore store = (JdbcEnrollmentStore) context.getBean(EnrollmentStore.class);
            assertThat(tableExists(context.getBean(DataSource.class), store.tableName())).isFalse();
        });
    }

    private static boolean tableExists(DataSource dataSource, String table) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT COUNT(*) FROM " + table).close();
            return true;
        } catch (SQLException missing) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------ backing off

    @Test
    void backsOffForTheApplicationsOwnStoreAndService() {
        InMemoryEnrollmentStore own = new InMemoryEnrollmentStore();
        withH2.withBean("myStore", EnrollmentStore.class, () -> own).run(context -> {
            assertThat(context).getBean(EnrollmentStore.class).isSameAs(own);
        });
        Enrollments mine = Enrollments.builder(own).issuer("Mine").unsealed().build();
        runner.withBean("myEnrollments", Enrollments.class, () -> mine).run(context -> {
            assertThat(context).getBean(Enrollments.class).isSameAs(mine);
        });
    }

    @Test
    void backsOffForTheApplicationsOwnPolicyAndAuthorizationRules() {
        MfaEnforcement everyone = user -> true;
        AuthorizationManagerFactory<Object> own = AuthorizationManagerFactories.multiFactor()
                .requireFactors(KairosFactors.TOTP_AUTHORITY).build();
        web.withBean(MfaEnforcement.class, () -> everyone)
                .withBean("myRules", AuthorizationManagerFactory.class, () -> own).run(context -> {
                    assertThat(context).getBean(MfaEnforcement.class).isSameAs(everyone);
                    assertThat(context).getBean(AuthorizationManagerFactory.class).isSameAs(own);
                });
    }

    @Test
    void addsTheFactorToSpringSecurityInAServletApplicationUnlessSwitchedOff() {
        web.run(context -> {
            assertThat(context).hasBean("kairosTotpFactor").hasSingleBean(AuthorizationManagerFactory.class)
                    .hasSingleBean(MfaEnforcement.class);
        });
        web.withPropertyValues("kairos.web.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean("kairosTotpFactor").doesNotHaveBean(AuthorizationManagerFactory.class)
                    .hasSingleBean(Enrollments.class);
        });
        runner.run(context -> assertThat(context).doesNotHaveBean(Customizer.class));
    }

    @Test
    void endsOtherSessionsThroughTheSessionRegistryWhenThereIsOne() {
        web.run(context -> assertThat(context).doesNotHaveBean(OtherSessions.class));
        web.withBean(SessionRegistry.class, SessionRegistryImpl::new)
                .run(context -> assertThat(context).hasSingleBean(OtherSessions.class));
        // Spring Session is optional: without it on the class path, the registry still works.
        web.withClassLoader(new FilteredClassLoader(FindByIndexNameSessionRepository.class))
                .withBean(SessionRegistry.class, SessionRegistryImpl::new)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(OtherSessions.class));
    }

    @Test
    void anApplicationsOwnWayOfEndingSessionsWinsOverTheRegistry() {
        OtherSessions own = (request, user) -> 7;
        web.withBean(SessionRegistry.class, SessionRegistryImpl::new).withBean(OtherSessions.class, () -> own)
                .run(context -> assertThat(context).hasNotFailed().getBean(OtherSessions.class).isSameAs(own));
    }

    @Test
    void timesVerificationsOnlyWhenMicrometerAndARegistryArePresent() {
        web.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> assertThat(context).hasSingleBean(VerificationTimer.class));
        web.run(context -> assertThat(context).doesNotHaveBean(VerificationTimer.class));
        web.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).doesNotHaveBean(VerificationTimer.class)
                        .hasBean("kairosTotpFactor"));
    }

    // ------------------------------------------------------------------------------------------ events

    @Test
    void publishesKairosEventsAsSpringApplicationEvents() {
        List<KairosEnrollmentEvent> seen = new ArrayList<>();
        runner.withBean("recorder", ApplicationListener.class,
                () -> (ApplicationListener<KairosEnrollmentEvent>) seen::add).run(context -> {
                    context.getBean(Enrollments.class).begin("alice", "alice@acme.test");
                    assertThat(seen).singleElement().satisfies(e -> {
                        assertThat(e.event().type()).isEqualTo(EnrollmentEvent.Type.BEGUN);
                        assertThat(e.event().actor()).isEqualTo("user:alice");
                        assertThat(e.principal()).isEmpty(); // nobody signed in on this thread
                    });
                });
    }

    // ------------------------------------------------------------------------------------------ start-up failures

    @Test
    void refusesToStartWithoutASealingKeyAndNamesThePropertiesToSet() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KairosAutoConfiguration.class))
                .withPropertyValues("kairos.issuer=ACME Corp").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(KairosConfigurationException.class)
                            .hasMessageContaining("kairos.sealing.keys.<id>")
                            .hasMessageContaining("kairos.sealing.primary")
                            .hasMessageContaining("kairos.sealing.unsealed=true");
                });
    }

    @Test
    void reportsAMissingKeyAsAFailureAnalysisNotAStackTrace() throws Exception {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KairosAutoConfiguration.class))
                .withPropertyValues("kairos.issuer=ACME Corp").run(context -> {
                    FailureAnalysis analysis = new KairosFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("kairos.sealing.keys.<id>");
                    assertThat(analysis.getAction()).contains("kairos.*").doesNotContain("README");
                });
        // the starter's own file (the tests have one too, for MutationAwareContexts)
        String factories = new String(KairosFailureAnalyzer.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI().resolve("META-INF/spring.factories").toURL().openStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(factories).contains(FailureAnalyzer.class.getName(), KairosFailureAnalyzer.class.getName());
    }

    @Test
    void namesTheEnvironmentVariableWhenTheKeysPlaceholderIsNotSet() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KairosAutoConfiguration.class))
                .withPropertyValues("kairos.issuer=ACME Corp",
                        "kairos.sealing.keys.2026a=${KAIROS_TEST_KEY_THAT_IS_NEVER_SET}")
                .run(context -> {
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("KAIROS_TEST_KEY_THAT_IS_NEVER_SET is not set")
                            .hasMessageNotContaining("Base64 32-byte AES key (e.g. from the environment")
                            .hasMessageNotContaining("is not Base64");
                    FailureAnalysis analysis = new KairosFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("KAIROS_TEST_KEY_THAT_IS_NEVER_SET");
                });
    }

    @Test
    void startsUnsealedOnlyWhenToldExplicitly() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KairosAutoConfiguration.class))
                .withPropertyValues("kairos.issuer=ACME Corp", "kairos.sealing.unsealed=true")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Enrollments.class));
    }

    @Test
    void refusesAKeyThatIsNotBase64OrNotAnAesKeyLengthWithoutQuotingIt() {
        runner.withPropertyValues("kairos.sealing.keys.2026a=not*base64*secret").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("kairos.sealing.keys.2026a")
                        .hasMessageNotContaining("secret"));
        runner.withPropertyValues("kairos.sealing.keys.2026a=c2hvcnQ=").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("got 5 bytes"));
    }

    @Test
    void refusesAPrimaryKeyIdThatNamesNoKey() {
        runner.withPropertyValues("kairos.sealing.primary=2027").run(context ->
                assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("kairos.sealing.primary=2027 names no key"));
    }

    @Test
    void refusesToStartWithoutAnIssuer() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KairosAutoConfiguration.class))
                .withPropertyValues("kairos.sealing.unsealed=true").run(context ->
                        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("kairos.issuer"));
    }

    @Test
    void refusesOutOfRangeSettingsNamingKairosProperties() {
        runner.withPropertyValues("kairos.recovery-codes=3").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("recoveryCodeCount"));
        runner.withPropertyValues("kairos.throttling.hard-cap=1000").run(context ->
                assertThat(context.getStartupFailure()).hasMessageContaining("kairos.* is out of range"));
    }
}
