package dev.kairos.spring;

import dev.kairos.mfa.Confirmation;
import dev.kairos.mfa.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Times every code checked by the TOTP factor's pages as {@code kairos.verifications}, tagged with the
 * {@code operation} ({@code login}, {@code recovery}, {@code confirm}, {@code disable},
 * {@code regenerate}) and the {@code outcome}
 * ({@code accepted}, {@code wrong_code}, {@code malformed}, {@code replayed}, {@code locked_out},
 * {@code not_enrolled}, {@code not_pending}, or {@code error} when the call threw); a timer also counts. Active
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
            public <R extends Outcome> R time(Operation operation, Supplier<R> call) {
                Timer.Sample sample = Timer.start(registry);
                String outcome = "error";
                try {
                    R result = call.get();
                    outcome = outcome(result);
                    return result;
                } finally {
                    sample.stop(Timer.builder(METER).description("TOTP and recovery codes checked by Kairos")
                            .tag("operation", operation.tag()).tag("outcome", outcome).register(registry));
                }
            }
        };
    }

    /**
     * The {@code outcome} tag, written out for each outcome (not derived from class names, so that renaming a
     * record never renames a published metric): {@code accepted} for every success, then one value per refusal.
     */
    static String outcome(Outcome result) {
        if (result.succeeded()) {
            return "accepted";
        } else if (result instanceof Outcome.WrongCode) {
            return "wrong_code";
        } else if (result instanceof Outcome.Malformed) {
            return "malformed";
        } else if (result instanceof Outcome.Replayed) {
            return "replayed";
        } else if (result instanceof Outcome.LockedOut) {
            return "locked_out"; // one tag for both kinds of lockout (until an instant, until unlocked)
        } else if (result instanceof Outcome.NotEnrolled) {
            return "not_enrolled";
        } else if (result instanceof Confirmation.NotPending) {
            return "not_pending";
        }
        return "other"; // an outcome added to kairos-mfa later: counted, and visible as unmapped
    }
}
