package dev.kairos.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
 * The password step: throttled per account and per client address ({@link PasswordThrottle}), with at most
 * {@code permits} PBKDF2 checks at once (a {@link Semaphore}; a sign-in that waits longer than {@code maxWait}
 * gets the "busy, try again" page instead of queueing behind a flood), and every failure in the audit log under
 * a real account or {@link AuditLog#UNKNOWN}. A right password grants Spring Security's {@code FACTOR_PASSWORD};
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

    private final Directory directory;
    private final Passwords passwords;
    private final PasswordThrottle throttle;
    private final AuditLog audit;
    private final Semaphore hashing;
    private final long maxWaitNanos;
    private final AtomicInteger hashingNow = new AtomicInteger();
    private final AtomicInteger hashingPeak = new AtomicInteger();

    PasswordSignIn(Directory directory, Passwords passwords, PasswordThrottle throttle, AuditLog audit,
            DemoProperties.Hashing hashing) {
        this.directory = directory;
        this.passwords = passwords;
        this.throttle = throttle;
        this.audit = audit;
        this.hashing = new Semaphore(hashing.effectivePermits());
        this.maxWaitNanos = hashing.maxWait().toNanos();
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String typed = String.valueOf(attempt.getName());
        String password = String.valueOf(attempt.getCredentials());
        String origin = attempt.getDetails() instanceof WebAuthenticationDetails d && d.getRemoteAddress() != null
                ? d.getRemoteAddress() : AuditLog.UNKNOWN;
        Optional<Directory.User> user = typed.length() > 254 ? Optional.empty() : directory.user(typed);
        // The audit names a real account or "unknown", never the typed text (it is the attacker's to choose).
        String account = user.map(Directory.User::email).orElse(AuditLog.UNKNOWN);

        // Whichever lock ends later: the account's (only for a real account) or the client address's.
        Optional<Instant> locked = throttle.lockedUntil(PasswordThrottle.address(origin), false);
        if (user.isPresent()) {
            Optional<Instant> accountLock = throttle.lockedUntil(PasswordThrottle.account(account), true);
            if (accountLock.isPresent() && (locked.isEmpty() || accountLock.get().isAfter(locked.get()))) {
                locked = accountLock;
            }
        }
        if (locked.isPresent()) {
            audit.record(account, "SIGN_IN_THROTTLED", account, origin, "refused before the password was checked");
            throw new ThrottledException(locked.get());
        }

        boolean right = check(password, user.map(Directory.User::passwordHash).orElse(null));
        if (!right) {
            throttle.failed(PasswordThrottle.address(origin));
            if (user.isPresent()) {
                throttle.failed(PasswordThrottle.account(account));
            }
            audit.record(account, "SIGN_IN_FAILED", account, origin,
                    user.isPresent() ? "wrong password" : "no such account");
            throw new BadCredentialsException("Wrong e-mail or password.");
        }
        throttle.succeeded(PasswordThrottle.account(account));
        audit.record(account, "SIGNED_IN_PASSWORD", account, origin, "password accepted");
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

    /** One PBKDF2 run under the semaphore; an unknown account costs as much as a known one. */
    private boolean check(String password, String hash) {
        boolean acquired;
        try {
            acquired = hashing.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
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
