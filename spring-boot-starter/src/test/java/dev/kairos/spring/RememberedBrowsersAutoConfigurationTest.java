package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    private static RememberedBrowsersProperties withKey(String key) {
        return new RememberedBrowsersProperties(true, Duration.ofDays(30), key, List.of(), "/mfa/browsers",
                "KAIROS_BROWSER", true);
    }

    @Test
    void aKeyOfItsOwnIsUsedAsItIsFrom32BytesAndWithoutOneAndWithoutAPrimaryKeyARandomOneIsMade() {
        KairosProperties.Sealing none = new KairosProperties.Sealing(null, null, true);
        byte[] exact = new byte[32];
        exact[0] = 7;
        assertThat(KairosRememberedBrowsersAutoConfiguration.key(withKey(" " + Base64.getEncoder()
                .encodeToString(exact) + " "), none)).isEqualTo(exact);
        assertThatThrownBy(() -> KairosRememberedBrowsersAutoConfiguration.key(withKey(Base64.getEncoder()
                .encodeToString(new byte[31])), none)).isInstanceOf(KairosConfigurationException.class)
                .hasMessageContaining("got 31");
        assertThatThrownBy(() -> KairosRememberedBrowsersAutoConfiguration.key(withKey("not base64!"), none))
                .isInstanceOf(KairosConfigurationException.class).hasMessageContaining("not Base64");

        // unsealed, or two keys and no primary: a random key for this run, never the same twice
        byte[] random = KairosRememberedBrowsersAutoConfiguration.key(withKey(" "), none);
        assertThat(random).hasSize(32).isNotEqualTo(new byte[32])
                .isNotEqualTo(KairosRememberedBrowsersAutoConfiguration.key(withKey(null), none));
        KairosProperties.Sealing two = new KairosProperties.Sealing(Map.of("a", KEY, "b", KEY), null, false);
        assertThat(KairosRememberedBrowsersAutoConfiguration.key(withKey(null), two))
                .isNotEqualTo(KairosRememberedBrowsersAutoConfiguration.key(withKey(null), two));
        // with a primary among them: derived from it, the same on every server
        KairosProperties.Sealing primary = new KairosProperties.Sealing(Map.of("a", KEY, "b", KEY), "b", false);
        assertThat(KairosRememberedBrowsersAutoConfiguration.key(withKey(null), primary))
                .isEqualTo(KairosRememberedBrowsersAutoConfiguration.key(withKey(null), primary));
    }

    @Test
    void aRememberedBrowserLastsFromOneHourTo400Days() {
        for (String ok : List.of("1h", "400d")) {
            web.withPropertyValues("kairos.remembered-browsers.enabled=true", "kairos.remembered-browsers.duration="
                    + ok).run(context -> assertThat(context).hasNotFailed());
        }
        for (String wrong : List.of("3599s", "34560001s")) {
            web.withPropertyValues("kairos.remembered-browsers.enabled=true", "kairos.remembered-browsers.duration="
                    + wrong).run(context -> assertThat(context).getFailure().rootCause()
                            .hasMessageContaining("must be 1h to 400d"));
        }
    }
}
