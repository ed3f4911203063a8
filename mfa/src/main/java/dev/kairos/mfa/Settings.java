package dev.kairos.mfa;

import dev.kairos.core.TotpParameters;
import dev.kairos.core.TotpVerifier;
import dev.kairos.store.EnrollmentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Everything an {@link Enrollments} is configured with, as {@link Enrollments.Builder} validated it. */
record Settings(EnrollmentStore store, String issuer, TotpParameters parameters, Clock clock,
        ThrottlingPolicy throttling, SecretSealer sealer, int recoveryCodeCount, Duration pendingLifetime,
        Consumer<EnrollmentEvent> listener, int maxAttempts, TotpVerifier verifier, MalformedAudit malformedAudit,
        Predicate<String> ticketRequired, SignInCache signInCache) {

    static final System.Logger LOG = System.getLogger(Enrollments.class.getName());

    /** The configuration as {@link Enrollments#toString()} shows it (never a key). */
    String describe() {
        return "issuer=" + issuer + ", " + sealer + ", parameters=" + parameters + ", window=" + verifier.window()
                + ", throttling=" + throttling + ", store=" + store;
    }
}
