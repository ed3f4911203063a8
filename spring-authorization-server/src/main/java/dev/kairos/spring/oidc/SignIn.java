package dev.kairos.spring.oidc;

import dev.kairos.spring.KairosFactors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * How a user signed in, read from the {@link FactorGrantedAuthority}s Spring Security and the Kairos starter put on
 * the {@link Authentication}: no bookkeeping of its own, so what the ID token says is what the session holds.
 *
 * @param amr the RFC 8176 authentication method references, e.g. {@code [pwd, otp, mfa]}; empty without factors
 * @param authTime when the oldest factor was given: every method in {@code amr} was used at or after this instant,
 *     which is what a client's {@code max_age} asks about (OpenID Connect Core §2, {@code auth_time})
 * @param level the level reached, empty without the password factor
 */
record SignIn(List<String> amr, Optional<Instant> authTime, Optional<AuthenticationLevel> level) {

    /** RFC 8176 §2: password, one-time password, and "multiple-factor authentication". */
    static final String PWD = "pwd";
    static final String OTP = "otp";
    static final String MFA = "mfa";

    SignIn {
        amr = List.copyOf(amr);
    }

    static SignIn of(Authentication authentication) {
        Set<String> factors = new TreeSet<>();
        Instant oldest = null;
        if (authentication != null) {
            for (GrantedAuthority authority : authentication.getAuthorities()) {
                if (authority instanceof FactorGrantedAuthority factor) {
                    factors.add(factor.getAuthority());
                    if (oldest == null || factor.getIssuedAt().isBefore(oldest)) {
                        oldest = factor.getIssuedAt();
                    }
                }
            }
        }
        boolean password = factors.contains(FactorGrantedAuthority.PASSWORD_AUTHORITY);
        boolean totp = factors.contains(KairosFactors.TOTP_AUTHORITY);
        List<String> amr = new ArrayList<>(3);
        if (password) {
            amr.add(PWD);
        }
        if (totp) {
            amr.add(OTP);
        }
        if (factors.size() >= 2) {
            amr.add(MFA);
        }
        Optional<AuthenticationLevel> level = !password ? Optional.empty()
                : Optional.of(totp ? AuthenticationLevel.MFA : AuthenticationLevel.PASSWORD);
        return new SignIn(amr, Optional.ofNullable(oldest), level);
    }

    boolean hasTotp() {
        return amr.contains(OTP);
    }
}
