package dev.kairos.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link KairosConfigurationException} at start-up into Spring Boot's "APPLICATION FAILED TO START" report
 * with the property to set, instead of a stack trace.
 */
final class KairosFailureAnalyzer extends AbstractFailureAnalyzer<KairosConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KairosConfigurationException cause) {
        return new FailureAnalysis("Kairos (MFA) is not configured: " + cause.getMessage(),
                "Set the kairos.* properties named above: in application.properties, or, for sealing keys, in the "
                        + "environment or a secret store (never in a file under version control).", cause);
    }
}
