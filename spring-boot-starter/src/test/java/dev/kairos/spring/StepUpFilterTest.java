package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.security.core.context.SecurityContextHolder;

/** {@code kairos.step-up.within} that is not positive stops the start with a message naming the property. */
class StepUpFilterTest {

    @Test
    void refusesAStepUpTimeThatIsNotPositiveNamingTheProperty() {
        for (String within : new String[] {"0s", "-1m"}) {
            KairosProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                    "kairos.step-up.paths", "/account/**", "kairos.step-up.within", within)))
                    .bind("kairos", KairosProperties.class).get();
            KairosWeb web = new KairosWeb(null, properties, MfaEnforcement.onlyEnrolledUsers(), null, null, null,
                    null, null);
            assertThatThrownBy(() -> new StepUpFilter(web, SecurityContextHolder.getContextHolderStrategy()))
                    .isInstanceOf(KairosConfigurationException.class)
                    .hasMessageContaining("kairos.step-up.within");
        }
    }
}
