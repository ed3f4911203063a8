package dev.kairos.spring;

import dev.kairos.mfa.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Times every code checked by the TOTP factor's pages as {@code kairos.verifications}, tagged with the
 * {@code operation} ({@code login}, {@code recovery}, {@code confirm}, {@code disable}) and the {@code outcome}
 * (e.g. {@code accepted}, {@code wrong_code}, {@code replayed}, {@code locked_out}); a timer also counts. Active
 * when Micrometer is on the class path and the application has a {@code MeterRegistry}.
 */
@AutoConfiguration(before = KairosSecurityAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class KairosMetricsAutoConfiguration {

    /** The meter's name. */
    public static final String METER = "kairos.verifications";

    /** Creates the auto-configuration; Spring calls it. */
    public KairosMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    VerificationTimer kairosVerificationTimer(MeterRegistry registry) {
        return new VerificationTimer() {
            @Override
            public <R> R time(String operation, Supplier<R> call) {
                Timer.Sample sample = Timer.start(registry);
                String outcome = "error";
                try {
                    R result = call.get();
                    outcome = outcome(result);
                    return result;
                } finally {
                    sample.stop(Timer.builder(METER).description("TOTP and recovery codes checked by Kairos")
                            .tag("operation", operation).tag("outcome", outcome).register(registry));
                }
            }
        };
    }

    /** {@code accepted}, or the refusal's name in snake case: {@code WrongCode} becomes {@code wrong_code}. */
    static String outcome(Object result) {
        if (result instanceof Outcome outcome && outcome.succeeded()) {
            return "accepted";
        }
        if (result instanceof Outcome.LockedOut) {
            return "locked_out"; // one tag for both kinds of lockout (until an instant, until unlocked)
        }
        return result.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
