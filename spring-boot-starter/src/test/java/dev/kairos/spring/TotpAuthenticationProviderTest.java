package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.core.Totp;
import dev.kairos.mfa.Enrollments;
import dev.kairos.mfa.Outcome;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/** The provider alone: what it grants, what it refuses and why, and that it forgets the code. */
class TotpAuthenticationProviderTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:05Z"));
    private final Enrollments enrollments = Enrollments.builder(new InMemoryEnrollmentStore()).issuer("ACME Corp")
            .clock(clock).unsealed().build();
    private final List<String> timed = new ArrayList<>();
    private final TotpAuthenticationProvider provider = new TotpAuthenticationProvider(enrollments,
            new VerificationTimer() {
                @Override
                public <R extends Outcome> R time(Operation operation, Supplier<R> call) {
                    R result = call.get();
                    timed.add(operation.tag() + ":" + KairosMetricsAutoConfiguration.outcome(result));
                    return result;
                }
            }, clock);
    private final Authentication alice = new TestingAuthenticationToken("alice", null, "ROLE_USER");

    private Totp enroll() {
        PendingEnrollment p = enrollments.begin("alice", "alice").pending().orElseThrow();
        Totp totp = Totp.of(p.secret(), p.parameters());
        assertThat(enrollments.confirm("alice", p.handle(), totp.codeAt(clock.instant())).isConfirmed()).isTrue();
        clock.advance(Duration.ofSeconds(30));
        return totp;
    }

    private static TotpAuthenticationToken code(Authentication user, TotpAuthenticationToken.Method method,
            String code) {
        return TotpAuthenticationToken.unauthenticated(user, method, code);
    }

    private static Refusal.Reason refusedBecause(Runnable check) {
        try {
            check.run();
        } catch (TotpRefusedException e) {
            return e.refusal().reason();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void grantsOnlyTheTotpFactorIssuedNowForARightCodeOfTheSignedInUser() {
        Totp totp = enroll();
        // Pasted, with white space around it (kairos-core forgives it): the same code.
        Authentication granted = provider.authenticate(code(alice, TotpAuthenticationToken.Method.TOTP_CODE,
                " " + totp.codeAt(clock.instant()) + "\n"));
        assertThat(granted.isAuthenticated()).isTrue();
        assertThat(granted.getName()).isEqualTo("alice");
        assertThat(granted.getCredentials()).isNull();
        assertThat(granted.getAuthorities()).singleElement().isInstanceOfSatisfying(FactorGrantedAuthority.class,
                f -> {
                    assertThat(f.getAuthority()).isEqualTo(KairosFactors.TOTP_AUTHORITY);
                    assertThat(f.getIssuedAt()).isEqualTo(clock.instant());
                });
        assertThat(timed).containsExactly("login:accepted");
    }

    @Test
    void refusesWithTheReasonAndForgetsTheTypedCode() {
        Totp totp = enroll();
        String right = totp.codeAt(clock.instant());
        String wrong = (right.charAt(0) == '9' ? "0" : String.valueOf((char) (right.charAt(0) + 1)))
                + right.substring(1);
        TotpAuthenticationToken request = code(alice, TotpAuthenticationToken.Method.TOTP_CODE, wrong);
        assertThat(refusedBecause(() -> provider.authenticate(request))).isEqualTo(Refusal.Reason.WRONG_CODE);
        assertThat(request.code()).as("erased once read").isEmpty();
        assertThat(request.getCredentials()).isNull();
        assertThat(refusedBecause(() -> provider.authenticate(code(alice, TotpAuthenticationToken.Method.TOTP_CODE,
                "12ab56")))).isEqualTo(Refusal.Reason.MALFORMED);
        assertThat(refusedBecause(() -> provider.authenticate(code(alice,
                TotpAuthenticationToken.Method.RECOVERY_CODE, "1".repeat(65))))).isEqualTo(Refusal.Reason.OVERLONG);
        provider.authenticate(code(alice, TotpAuthenticationToken.Method.TOTP_CODE, right));
        assertThat(refusedBecause(() -> provider.authenticate(code(alice, TotpAuthenticationToken.Method.TOTP_CODE,
                right)))).isEqualTo(Refusal.Reason.REPLAYED);
        // The overlong code never reached Kairos: it is not timed.
        assertThat(timed).containsExactly("login:wrong_code", "login:malformed", "login:accepted",
                "login:replayed");
    }

    @Test
    void checksAnotherUsersCodeAgainstTheSignedInUserOnly() {
        Totp alicesApp = enroll();
        Authentication bob = new TestingAuthenticationToken("bob", null, "ROLE_USER");
        assertThat(refusedBecause(() -> provider.authenticate(code(bob, TotpAuthenticationToken.Method.TOTP_CODE,
                alicesApp.codeAt(clock.instant()))))).isEqualTo(Refusal.Reason.NOT_ENROLLED);
    }

    @Test
    void handsANewEnrollmentsRecoveryCodesOutOnce() {
        PendingEnrollment p = enrollments.begin("alice", "alice").pending().orElseThrow();
        String first = Totp.of(p.secret(), p.parameters()).codeAt(clock.instant());
        TotpAuthenticationToken granted = (TotpAuthenticationToken) provider.authenticate(
                TotpAuthenticationToken.enrollment(alice, first, p.handle()));
        assertThat(granted.takeRecoveryCodes()).hasSize(10);
        assertThat(granted.takeRecoveryCodes()).isEmpty();
        assertThat(refusedBecause(() -> provider.authenticate(
                TotpAuthenticationToken.enrollment(alice, first, p.handle())))).isEqualTo(Refusal.Reason.ALREADY_ACTIVE);
        assertThat(timed).containsExactly("confirm:accepted", "confirm:not_pending");
    }

    @Test
    void refusesTheRightFirstCodeOfASetUpThisSessionDidNotBeginWithoutCountingIt() {
        PendingEnrollment p = enrollments.begin("alice", "alice").pending().orElseThrow();
        String right = Totp.of(p.secret(), p.parameters()).codeAt(clock.instant());
        assertThat(refusedBecause(() -> provider.authenticate(code(alice, TotpAuthenticationToken.Method.ENROLLMENT,
                right)))).isEqualTo(Refusal.Reason.STALE_SETUP);
        assertThat(refusedBecause(() -> provider.authenticate(TotpAuthenticationToken.enrollment(alice, right,
                "forged-handle")))).isEqualTo(Refusal.Reason.STALE_SETUP);
        // Neither refusal was a guess: the set-up's own session still confirms with the same code.
        TotpAuthenticationToken granted = (TotpAuthenticationToken) provider.authenticate(
                TotpAuthenticationToken.enrollment(alice, right, p.handle()));
        assertThat(granted.takeRecoveryCodes()).hasSize(10);
    }

    @Test
    void refusesAnAccountNameTheStoreCannotHoldWithoutAnException() {
        Authentication control = new TestingAuthenticationToken("eve\u0000", null, "ROLE_USER");
        assertThat(refusedBecause(() -> provider.authenticate(code(control, TotpAuthenticationToken.Method.TOTP_CODE,
                "123456")))).isEqualTo(Refusal.Reason.INVALID_ACCOUNT);
    }

    @Test
    void supportsOnlyItsOwnToken() {
        assertThat(provider.supports(TotpAuthenticationToken.class)).isTrue();
        assertThat(provider.supports(TestingAuthenticationToken.class)).isFalse();
    }
}
