package dev.kairos.spring;

import java.util.function.Supplier;

/**
 * Times one Kairos operation called by the pages; the Micrometer implementation tags it with the outcome. An
 * interface without Micrometer types, so the pages work when Micrometer is absent.
 */
interface VerificationTimer {

    /** Runs the call and records its duration under {@code operation} and the outcome's name. */
    <R> R time(String operation, Supplier<R> call);

    VerificationTimer NONE = new VerificationTimer() {
        @Override
        public <R> R time(String operation, Supplier<R> call) {
            return call.get();
        }
    };
}
