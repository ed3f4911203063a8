package dev.kairos.demo;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The password step: throttled per account and client address, per address, per account and per known browser
 * ({@link PasswordThrottle}, {@link KnownBrowsers}), with at most {@code permits} PBKDF2 checks at once shared
 * fairly between client addresses ({@link FairSlots}; a sign-in that waits longer than {@code maxWait} gets the
 * "busy, try again" page instead of queueing behind a flood), and failures in the audit log under a real account
 * or {@link AuditLog#UNKNOWN}, repeated refusals as one entry with a count. A right password grants Spring Security's {@code FACTOR_PASSWORD};
 * the TOTP factor comes from the starter.
 */
final class PasswordSignIn implements AuthenticationProvider {

    static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** All password checks are busy: the user should try again in a moment. Nothing was counted. */
    static final class BusyException extends AuthenticationServiceException {
        private static final long serialVersionUID = 1L;

        BusyException() {
            super("The server is busy checking other sign-ins. Try again in a moment.");
        }
    }

    /** Too many wrong passwords for this account or from this address. */
    static final class ThrottledException extends LockedException {
        private static final long serialVersionUID = 1L;

        ThrottledException(Instant until) {
            super("Too many wrong passwords. Try again after " + UNTIL.format(until) + ".");
        }
    }

    /**
     * What the sign-in form's request tells the provider besides the address: the known-browser cookie, if sent.
     * Serializable as its parent (a session may keep it).
     */
    static final class Details extends WebAuthenticationDetails {
        private static final long serialVersionUID = 1L;
        private final String knownBrowserCookie;

        Details(HttpServletRequest request) {
            super(request);
            this.knownBrowserCookie = KnownBrowsers.cookie(request).orElse(null);
        }

        Optional<String> knownBrowserCookie() {
            return Optional.ofNullable(knownBrowserCookie);
        }
    }

    private final Directory directory;
    private final Passwords passwords;
    private final PasswordThrottle throttle;
    private final KnownBrowsers knownBrowsers;
    private final AuditLog audit;
    private final FairSlots hashing;
    private final long maxWaitNanos;
    private final AtomicInteger hashingNow = new AtomicInteger();
    private final AtomicInteger hashingPeak = new AtomicInteger();

    PasswordSignIn(Directory directory, Passwords passwords, PasswordThrottle throttle, KnownBrowsers knownBrowsers,
            AuditLog audit, DemoProperties.Hashing hashing) {
        this.directory = directory;
        this.passwords = passwords;
        this.throttle = throttle;
        this.knownBrowsers = knownBrowsers;
        this.audit = audit;
        this.hashing = new FairSlots(hashing.effectivePermits());
        this.maxWaitNanos = hashing.maxWait().toNanos();
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String typed = String.valueOf(attempt.getName());
        String password = String.valueOf(attempt.getCredentials());
        String origin = attempt.getDetails() instanceof WebAuthenticationDetails d && d.getRemoteAddress() != null
                ? d.getRemoteAddress() : AuditLog.UNKNOWN;
        Optional<String> cookie = attempt.getDetails() instanceof Details d ? d.knownBrowserCookie() : Optional.empty();
        // Counted under the typed e-mail (normalised, bounded), whether the account exists or not: an unknown
        // account is throttled exactly as a real one, so the answers do not tell them apart (finding 4).
        String claimed = Directory.canonical(typed.length() > 254 ? typed.substring(0, 254) : typed);
        Optional<Directory.User> user = typed.length() > 254 ? Optional.empty() : directory.user(typed);
        // The audit names a real account or "unknown", never the typed text (it is the attacker's to choose).
        String account = user.map(Directory.User::email).orElse(AuditLog.UNKNOWN);
        String actor = user.isPresent() ? AuditLog.user(account) : AuditLog.UNKNOWN;

        // A browser in which this account signed in before counts its own failures only: nobody else's wrong
        // passwords lock it (finding 3). Any other browser is held by the account from this address, the address,
        // and the account from everywhere.
        Optional<String> browser = knownBrowsers.browserOf(cookie, claimed);
        List<PasswordThrottle.Subject> subjects = browser.isPresent() // the pair or the browser first
                ? List.of(throttle.browser(claimed, browser.get()))
                : List.of(throttle.pair(claimed, origin), throttle.address(origin), throttle.account(claimed));
        Optional<Instant> locked = subjects.stream().map(throttle::lockedUntil).flatMap(Optional::stream)
                .max(Instant::compareTo);
        if (locked.isPresent()) {
            audit.recordRepeated(actor, "SIGN_IN_THROTTLED", account, origin, "refused before the password was checked");
            throw new ThrottledException(locked.get());
        }

        boolean right = check(origin, password, user.map(Directory.User::passwordHash).orElse(null));
        if (!right) {
            subjects.forEach(throttle::failed);
            audit.recordRepeated(actor, "SIGN_IN_FAILED", account, origin,
                    user.isPresent() ? "wrong password" : "no such account");
            throw new BadCredentialsException("Wrong e-mail or password.");
        }
        // The pair or the browser starts again; the address's and the account's counts do not: a success with an
        // account of one's own must not hand an address a fresh budget, nor the owner's one the addresses behind
        // an attack on the account.
        throttle.succeeded(subjects.get(0));
        audit.record(actor, "SIGNED_IN_PASSWORD", account, origin, browser.isPresent()
                ? "password accepted (known browser)" : "password accepted");
        Directory.User u = user.get();
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_USER"));
        if (u.admin()) {
            authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
        }
        authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY));
        User principal = new User(u.email(), "", authorities);
        UsernamePasswordAuthenticationToken done =
                UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
        done.setDetails(attempt.getDetails());
        return done;
    }

    /**
     * One PBKDF2 run in one of the fairly shared slots; an unknown account costs as much as a known one (the
     * dummy hash), so the time does not tell them apart either.
     */
    private boolean check(String client, String password, String hash) {
        boolean acquired;
        try {
            acquired = hashing.acquire(client, maxWaitNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException();
        }
        if (!acquired) {
            throw new BusyException();
        }
        try {
            hashingPeak.accumulateAndGet(hashingNow.incrementAndGet(), Math::max);
            return passwords.matches(password.toCharArray(), hash);
        } finally {
            hashingNow.decrementAndGet();
            hashing.release();
        }
    }

    /** The most password checks that ran at once since start (never more than the permits). */
    int hashingPeak() {
        return hashingPeak.get();
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
