package dev.kairos.spring;

import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * The application's {@link AuthenticationEventPublisher} as the TOTP factor's {@code ProviderManager} uses it:
 * a refused code is reported as Spring Security's own {@link BadCredentialsException} or, for a lockout,
 * {@link LockedException}, the exception types its publishers map to {@code AuthenticationFailure*Event}s (they
 * look up the exact class). Requests the factor could not serve (an unusable account name, a lost race) are no
 * authentication failure and are not reported.
 */
final class TotpEvents implements AuthenticationEventPublisher {

    private final AuthenticationEventPublisher delegate;

    TotpEvents(AuthenticationEventPublisher delegate) {
        this.delegate = delegate;
    }

    @Override
    public void publishAuthenticationSuccess(Authentication authentication) {
        delegate.publishAuthenticationSuccess(authentication);
    }

    @Override
    public void publishAuthenticationFailure(AuthenticationException exception, Authentication authentication) {
        if (!(exception instanceof TotpRefusedException refused)) {
            delegate.publishAuthenticationFailure(exception, authentication);
            return;
        }
        switch (refused.refusal().reason()) {
            case INVALID_ACCOUNT, BUSY -> {
            }
            case LOCKED_OUT -> delegate.publishAuthenticationFailure(new LockedException(refused.getMessage()),
                    authentication);
            default -> delegate.publishAuthenticationFailure(new BadCredentialsException(refused.getMessage()),
                    authentication);
        }
    }
}
