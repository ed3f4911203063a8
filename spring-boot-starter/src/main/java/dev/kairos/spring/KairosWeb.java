package dev.kairos.spring;

import dev.kairos.mfa.Enrollments;
import java.time.Clock;
import org.springframework.security.authentication.AuthenticationEventPublisher;

/** What the TOTP factor's web part needs, gathered once by the auto-configuration. */
record KairosWeb(Enrollments enrollments, KairosProperties properties, MfaEnforcement enforcement,
        AuthenticationEventPublisher events, OtherSessions otherSessions, VerificationTimer timer, Clock clock,
        PageRenderer pages) {
}
