package dev.kairos.spring.oidc;

import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import java.time.Instant;

/**
 * A test's authenticator app for one account: each call gives the code of a later time step than the last (the
 * replay guard accepts every step at most once), using the ±1 step window of the login server so that a test
 * rarely waits for the clock.
 */
final class Codes {

    private final Totp totp;
    private long last = Long.MIN_VALUE;
    private String lastCode = "";

    Codes(Secret secret) {
        this.totp = Totp.of(secret, TotpParameters.defaults());
    }

    /** A code the login server accepts now and has not accepted before. */
    String next() throws InterruptedException {
        Instant now = Instant.now();
        long current = totp.timeStep(now);
        // The previous step only while the current one has 10 s to go: it must still be in the window on arrival.
        long earliest = now.getEpochSecond() - totp.stepStart(current).getEpochSecond() < 20 ? current - 1 : current;
        long step = Math.max(last + 1, earliest);
        while (step > totp.timeStep(Instant.now()) + 1) {
            Thread.sleep(250);
        }
        last = step;
        lastCode = totp.codeForStep(step);
        return lastCode;
    }

    /** The code {@link #next} gave last (accepted once already: a replay). */
    String last() {
        return lastCode;
    }
}
