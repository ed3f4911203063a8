package dev.kairos.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Totp;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A recovery sign-in ({@link Recover}): what it answers for input that is no code, and what its event says. */
class RecoverTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final List<EnrollmentEvent> events = new CopyOnWriteArrayList<>();
    final Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").clock(clock).unsealed()
            .listener(events::add).build();

    @Test
    void inputThatIsNoCodeIsMalformedBeforeTheAccountIsLookedUp() {
        assertEquals(new Outcome.Malformed(), mfa.recover("nobody", "!"), "not NotEnrolled: nothing was looked up");
        assertEquals(new Outcome.Malformed(), mfa.recover("nobody", "ZZZZ-ZZZZ-ZZZZ-ZZZZ-Z!"));
        assertEquals(new Outcome.NotEnrolled(), mfa.recover("nobody", "ZZZZ-ZZZZ-ZZZZ-ZZZZ"), "control: a code shape");
    }

    @Test
    void theEventMentionsClearedFailuresOnlyWhenThereWereAny() {
        PendingEnrollment p = mfa.begin("alice", "alice@acme.test").pending().orElseThrow();
        Totp app = Totp.of(p.secret(), p.parameters());
        List<String> codes = mfa.confirm("alice", p.handle(), app.codeAt(clock.instant())).recoveryCodes();
        clock.advance(Duration.ofSeconds(30));
        mfa.recover("alice", codes.get(0));
        assertFalse(lastSignIn().contains("failures cleared"), lastSignIn());
        mfa.verify("alice", MonthOfAttackTest.wrong(app.codeAt(clock.instant())));
        mfa.recover("alice", codes.get(1));
        assertTrue(lastSignIn().contains("1 TOTP failures cleared"), lastSignIn());
    }

    String lastSignIn() {
        return events.stream().filter(e -> e.type() == EnrollmentEvent.Type.RECOVERY_SIGN_IN)
                .reduce((a, b) -> b).orElseThrow().detail();
    }
}
