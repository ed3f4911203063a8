package dev.kairos.spring;

import dev.kairos.mfa.Confirmation;
import dev.kairos.mfa.EnrollmentConflictException;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.Outcome;
import dev.kairos.store.InvalidAccountException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks a {@link TotpAuthenticationToken} against the signed-in user's enrollment, as Spring Security's
 * {@code OneTimeTokenAuthenticationProvider} checks a one-time token: a right TOTP code, recovery code or first
 * code of a new enrollment answers an authenticated token holding a {@link FactorGrantedAuthority}
 * {@value KairosFactors#TOTP_AUTHORITY} issued now; anything else throws a {@link TotpRefusedException} saying why.
 * Session fixation, saving the context and publishing events are left to the processing filter and
 * {@code ProviderManager}, as for Spring's own factors.
 *
 * <p>Thread-safe. Each check is timed through {@link VerificationTimer} under the method's operation name.
 */
final class TotpAuthenticationProvider implements AuthenticationProvider {

    /** Longer input is refused before it reaches Kairos: no code or recovery code is anywhere near this. */
    static final int MAX_INPUT = 64;

    private final Enrollments enrollments;
    private final VerificationTimer timer;
    private final Clock clock;

    TotpAuthenticationProvider(Enrollments enrollments, VerificationTimer timer, Clock clock) {
        this.enrollments = Objects.requireNonNull(enrollments, "enrollments");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        TotpAuthenticationToken request = (TotpAuthenticationToken) authentication;
        Refusal.Input input = request.method() == TotpAuthenticationToken.Method.RECOVERY_CODE
                ? Refusal.Input.RECOVERY_CODE : Refusal.Input.CODE;
        String code = request.code().orElse(null);
        // No handle (this session began no set-up) is a stale one: the service refuses it without counting.
        String setupHandle = request.setupHandle().orElse("");
        request.eraseCredentials(); // read once: the failure event carries the request
        if (code != null && code.length() > MAX_INPUT) {
            throw new TotpRefusedException(Refusal.of(Refusal.Reason.OVERLONG, input));
        }
        String account = request.getName();
        Enrollments audited = audited(request);
        Outcome outcome;
        try {
            outcome = switch (request.method()) {
                case TOTP_CODE -> timer.time(VerificationTimer.Operation.LOGIN, () -> audited.verify(account, code));
                case RECOVERY_CODE -> timer.time(VerificationTimer.Operation.RECOVERY,
                        () -> audited.recover(account, code));
                case ENROLLMENT -> timer.time(VerificationTimer.Operation.CONFIRM,
                        () -> audited.confirm(account, setupHandle, code));
            };
        } catch (InvalidAccountException e) {
            throw new TotpRefusedException(Refusal.of(Refusal.Reason.INVALID_ACCOUNT, input));
        } catch (EnrollmentConflictException e) {
            // A lost race (the only conflict a check can meet): nothing was counted, the user may try again.
            throw new TotpRefusedException(Refusal.of(Refusal.Reason.BUSY, input));
        }
        if (!outcome.succeeded()) {
            throw new TotpRefusedException(Refusal.of(outcome, input));
        }
        List<String> recoveryCodes = outcome instanceof Confirmation.Confirmed confirmed
                ? confirmed.recoveryCodes() : List.of();
        FactorGrantedAuthority factor = FactorGrantedAuthority.withAuthority(KairosFactors.TOTP_AUTHORITY)
                .issuedAt(clock.instant()).build();
        return TotpAuthenticationToken.authenticated(request, factor, recoveryCodes);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return TotpAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /**
     * The service as seen from this request: its events carry the client's address as their origin (the servlet
     * container's view: behind a proxy, configure Spring Boot's forwarded-header handling).
     */
    private Enrollments audited(TotpAuthenticationToken request) {
        String address = request.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
        return enrollments.withOrigin(KairosNavigation.origin(address));
    }
}
