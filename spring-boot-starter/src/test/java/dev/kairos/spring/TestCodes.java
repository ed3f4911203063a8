package dev.kairos.spring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Totp;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;

/** Codes and enrolled accounts for tests. */
final class TestCodes {

    private TestCodes() {
    }

    /** A well-formed code that differs from {@code code} in its first digit: a wrong code, never a malformed one. */
    static String wrong(String code) {
        return (code.charAt(0) == '9' ? "0" : String.valueOf((char) (code.charAt(0) + 1))) + code.substring(1);
    }

    /**
     * Enrols {@code account} afresh through the service (reset first: the store outlives a test) and moves the clock
     * past the confirmation's time step, so that the next sign-in needs a new code.
     *
     * @return the account's authenticator
     */
    static Totp enrolled(Enrollments enrollments, MutableClock clock, String account) {
        enrollments.reset(account, "support");
        PendingEnrollment p = enrollments.begin(account, account).pending().orElseThrow();
        Totp totp = Totp.of(p.secret(), p.parameters());
        assertTrue(enrollments.confirm(account, p.handle(), totp.codeAt(clock.instant())).isConfirmed(), account);
        clock.advance(Duration.ofSeconds(30));
        return totp;
    }
}
