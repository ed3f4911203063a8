package dev.kairos.spring;

import dev.kairos.mfa.Outcome;
import java.util.function.Supplier;

/**
 * Times one Kairos operation called by the TOTP factor; the Micrometer implementation tags it with the operation
 * and the outcome, both mapped explicitly ({@link Operation#tag()}, {@link KairosMetricsAutoConfiguration}), so
 * renaming a class never renames a metric. An interface without Micrometer types, so the factor works when
 * Micrometer is absent.
 */
interface VerificationTimer {

    /** The operations timed, each with the value of its {@code operation} tag. */
    enum Operation {
        /** A TOTP code at sign-in. */
        LOGIN("login"),
        /** A recovery code at sign-in. */
        RECOVERY("recovery"),
        /** The first code of a new enrollment. */
        CONFIRM("confirm"),
        /** A code or recovery code that turns MFA off. */
        DISABLE("disable"),
        /** A code or recovery code that replaces the recovery codes with a new set. */
        REGENERATE("regenerate");

        private final String tag;

        Operation(String tag) {
            this.tag = tag;
        }

        /** The {@code operation} tag's value. */
        String tag() {
            return tag;
        }
    }

    /** Runs the call and records its duration under the operation and the outcome. */
    <R extends Outcome> R time(Operation operation, Supplier<R> call);

    VerificationTimer NONE = new VerificationTimer() {
        @Override
        public <R extends Outcome> R time(Operation operation, Supplier<R> call) {
            return call.get();
        }
    };
}
