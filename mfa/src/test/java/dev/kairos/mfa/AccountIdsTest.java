package dev.kairos.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Totp;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.InvalidAccountException;
import dev.kairos.store.tck.MutableClock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Account ids cannot fail open: exact comparison, a canonicalising helper, labels and issuers under one rule set. */
class AccountIdsTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").clock(clock).unsealed().build();

    @Test
    void idsAreComparedExactlySoAliceAndALICEAreTwoAccounts() {
        PendingEnrollment p = mfa.begin("alice@x", "alice@x").pending().orElseThrow();
        mfa.confirm("alice@x", p.handle(), Totp.of(p.secret(), p.parameters()).codeAt(clock.instant()));
        assertEquals(EnrollmentStatus.ACTIVE, mfa.status("alice@x"));
        assertEquals(EnrollmentStatus.NOT_ENROLLED, mfa.status("Alice@X"));
        assertEquals(new Outcome.NotEnrolled(), mfa.verify("Alice@X", "123456"), "never 'passed'");
    }

    @Test
    void theCanonicalisingHelperTakesAliceAtXAndAliceAtXToTheSameRecord() {
        PendingEnrollment p = mfa.begin(Enrollments.canonicalAccountId("Alice@X"), "alice@x").pending().orElseThrow();
        assertEquals("alice@x", p.accountId());
        mfa.confirm(Enrollments.canonicalAccountId(" alice@x "), p.handle(), Totp.of(p.secret(), p.parameters())
                .codeAt(clock.instant()));
        assertEquals(EnrollmentStatus.ACTIVE, mfa.status(Enrollments.canonicalAccountId("ALICE@x")));
        // NFC: a decomposed é (e + U+0301) and the composed one are the same account; Locale.ROOT, not Turkish.
        assertEquals(Enrollments.canonicalAccountId("jos\u00e9@x"), Enrollments.canonicalAccountId("JOSE\u0301@X"));
        assertEquals("ian@x", Enrollments.canonicalAccountId("IAN@X"));
    }

    @Test
    void theSignInStepMakesTheRequiredCheckOneCall() {
        assertEquals(SignInStep.SET_UP, mfa.signInStep("bob", true), "required and not enrolled: set up first");
        assertEquals(SignInStep.NONE, mfa.signInStep("bob", false));
        PendingEnrollment p = mfa.begin("bob", "bob@x").pending().orElseThrow();
        assertEquals(SignInStep.SET_UP, mfa.signInStep("bob", true), "pending is not active");
        mfa.confirm("bob", p.handle(), Totp.of(p.secret(), p.parameters()).codeAt(clock.instant()));
        assertEquals(SignInStep.CODE, mfa.signInStep("bob", false));
        assertEquals(SignInStep.CODE, mfa.signInStep("bob", true));
    }

    @Test
    void labelsThatTheUriWouldRefuseAreRefusedByBeginAndNothingIsStored() {
        for (String label : new String[] {"alice\u00A0", "\u2007alice", "al\uD800ice", "alice\u2028"}) {
            assertThrows(InvalidAccountException.class, () -> mfa.begin("carol", label), label);
            assertEquals(Optional.empty(), store.find("carol"));
        }
    }

    @Test
    void issuersThatTheUriWouldRefuseAreRefusedByTheBuilder() {
        for (String issuer : new String[] {"ACME\u00A0", "\u2007ACME", "AC\uDC00ME", "AC:ME", " "}) {
            InvalidAccountException e = assertThrows(InvalidAccountException.class,
                    () -> Enrollments.builder(store).issuer(issuer), issuer);
            assertTrue(e.getMessage().contains("issuer"), e.getMessage());
        }
    }
}
