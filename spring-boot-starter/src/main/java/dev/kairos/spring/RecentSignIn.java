package dev.kairos.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * "Sudo mode" (issue 20): setting up, turning off and renewing recovery codes need a first factor passed within
 * {@code kairos.recent-sign-in}, so that a session left open (or stolen) long after the password was typed cannot
 * bind a new authenticator app or take the second factor away. When the sign-in is older, the user is sent to the
 * password page and comes back to where they were.
 *
 * <p>The time is the newest {@link FactorGrantedAuthority#getIssuedAt()} of the user's first factors (the
 * password's {@code FACTOR_PASSWORD}, or another factor than Kairos's own TOTP one). Spring Security stamps its
 * factors with the system time; the password page stamps a re-entered password with the application's clock.
 */
final class RecentSignIn {

    /** The session attribute holding where to go back to after the password (one of the factor's own paths). */
    static final String RETURN_TO = RecentSignIn.class.getName() + ".RETURN_TO";

    private final Duration limit;
    private final Clock clock;

    RecentSignIn(Duration limit, Clock clock) {
        if (limit.isNegative() || limit.isZero()) {
            throw new KairosConfigurationException("kairos.recent-sign-in must be positive, got " + limit);
        }
        this.limit = limit;
        this.clock = clock;
    }

    static RecentSignIn of(KairosNavigation navigation) {
        return new RecentSignIn(navigation.web().properties().recentSignIn(), navigation.web().clock());
    }

    /** When the user last passed a first factor, if the authentication says. */
    static Optional<Instant> firstFactorAt(Authentication user) {
        return user.getAuthorities().stream()
                .filter(a -> a instanceof FactorGrantedAuthority f && !KairosFactors.TOTP_AUTHORITY.equals(
                        f.getAuthority()))
                .map(a -> ((FactorGrantedAuthority) a).getIssuedAt())
                .max(Instant::compareTo);
    }

    /** Whether the user passed a first factor within the limit (a time ahead of the clock counts as now). */
    boolean isRecent(Authentication user) {
        Instant now = clock.instant();
        return firstFactorAt(user).map(at -> !at.plus(limit).isBefore(now)).orElse(false);
    }

    /**
     * Lets the request through if the sign-in is recent; otherwise sends the user to the password page, to come
     * back to {@code returnPath} afterwards.
     *
     * @return true if the caller may go on; false if a redirect was sent
     */
    boolean check(KairosNavigation navigation, Authentication user, String returnPath, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        if (isRecent(user)) {
            return true;
        }
        request.getSession().setAttribute(RETURN_TO, returnPath);
        navigation.redirect(request, response, navigation.paths().passwordPath());
        return false;
    }
}
