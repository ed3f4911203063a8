package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** The remembered-browsers auto-configuration in isolation: off by default, its record, and what a bad key says. */
class RememberedBrowsersAutoConfigurationTest {

    private static final String KEY = "dGVzdHMgb25seTogbmV2ZXIgdXNlIHRoaXMga2V5ISE="; // 32 bytes, tests only

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class, KairosAutoConfiguration.class,
                    KairosSecurityAutoConfiguration.class, KairosRememberedBrowsersAutoConfiguration.class))
            .withPropertyValues("kairos.issuer=ACME Corp", "kairos.sealing.keys.2026a=" + KEY);

    @Test
    void isOffUnlessEnabled() {
        web.run(context -> assertThat(context).doesNotHaveBean(RememberedBrowsers.class)
                .doesNotHaveBean(RememberedBrowserService.class));
        web.withPropertyValues("kairos.remembered-browsers.enabled=true", "kairos.web.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RememberedBrowserService.class));
    }

    @Test
    void keepsTheRecordOnTheDataSourceWhenThereIsOneElseInMemory() {
        web.withPropertyValues("kairos.remembered-browsers.enabled=true").run(context ->
                assertThat(context.getBean(RememberedBrowsers.class)).isInstanceOf(InMemoryRememberedBrowsers.class));
        web.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("kairos.remembered-browsers.enabled=true",
                        "spring.datasource.generate-unique-name=true")
                .run(context -> assertThat(context.getBean(RememberedBrowsers.class))
                        .isInstanceOf(JdbcRememberedBrowsers.class));
    }

    @Test
    void refusesAShortKeyAndADurationOutOfRangeNamingTheProperty() {
        web.withPropertyValues("kairos.remembered-browsers.enabled=true", "kairos.remembered-browsers.key=c2hvcnQ=")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("kairos.remembered-browsers.key").hasMessageNotContaining("c2hvcnQ"));
        web.withPropertyValues("kairos.remembered-browsers.enabled=true", "kairos.remembered-browsers.duration=500d")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("kairos.remembered-browsers.duration"));
    }

    @Test
    void derivesTheKeyFromTheSealingKeyNeverUsingItAsItIs() {
        RememberedBrowsersProperties enabled = new RememberedBrowsersProperties(true, Duration.ofDays(30),
                null, List.of(), "/mfa/browsers", "KAIROS_BROWSER", true);
        byte[] derived = KairosRememberedBrowsersAutoConfiguration.key(enabled,
                new KairosProperties.Sealing(Map.of("2026a", KEY), null, false));
        assertThat(derived).hasSize(32).isNotEqualTo(Base64.getDecoder().decode(KEY))
                .isEqualTo(KairosRememberedBrowsersAutoConfiguration.key(enabled,
                        new KairosProperties.Sealing(Map.of("2026a", KEY), "2026a", false)));
    }
}
