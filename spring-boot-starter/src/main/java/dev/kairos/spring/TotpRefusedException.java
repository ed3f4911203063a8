package dev.kairos.spring;

import org.springframework.security.core.AuthenticationException;

/**
 * The {@link TotpAuthenticationProvider} refused a code; the {@link Refusal} says why, for the failure handler
 * that renders the page (or, later, a JSON problem). Its message is the refusal's reason, never the code.
 */
final class TotpRefusedException extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    private final transient Refusal refusal;

    TotpRefusedException(Refusal refusal) {
        super("TOTP factor refused: " + refusal.reason());
        this.refusal = refusal;
    }

    Refusal refusal() {
        return refusal;
    }
}
