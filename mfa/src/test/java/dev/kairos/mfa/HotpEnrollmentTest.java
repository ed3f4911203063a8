package dev.kairos.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.HmacAlgorithm;
import dev.kairos.core.Hotp;
import dev.kairos.core.OtpAuthUri;
import dev.kairos.core.RepairedOtpAuthUri;
import dev.kairos.core.Secret;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.tck.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** HOTP enrollments (hardware tokens) in the service: imported from a URI, counters in the record, throttled. */
class HotpEnrollmentTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").clock(clock)
            .sealWith(KeyRing.of("k1", new byte[32])).build();
    final Secret secret = Secret.generate();
    final Hotp token = Hotp.of(secret, HmacAlgorithm.SHA1, 6);

    void importAt(String id, long counter) {
        OtpAuthUri uri = OtpAuthUri.hotp(secret, HmacAlgorithm.SHA1, 6, counter).issuer("ACME").account(id);
        mfa.importEnrollment(id, uri, List.of(), false);
    }

    @Test
    void acceptsTheTokensCodesInTheLookAheadWindowEachOnce() {
        importAt("alice", 5);
        EnrollmentRecord r = store.find("alice").orElseThrow();
        assertTrue(r.hasFlag(EnrollmentRecord.HOTP));
        assertEquals(4, r.lastAcceptedStep(), "the record keeps the last accepted counter");

        assertEquals(new LoginCheck.Accepted(5, 0), mfa.verify("alice", token.code(5)));
        assertEquals(new LoginCheck.Accepted(9, 3), mfa.verify("alice", token.code(9))); // button pressed 3 times
        assertEquals(9, store.find("alice").orElseThrow().lastAcceptedStep());
        assertEquals(new Outcome.WrongCode(1), mfa.verify("alice", token.code(9)), "a used code is never accepted");
        assertEquals(new Outcome.WrongCode(2), mfa.verify("alice", token.code(21)), "beyond the look-ahead");
        assertEquals(new LoginCheck.Accepted(10, 0), mfa.verify("alice", token.code(10)));
    }

    @Test
    void aTokenAtCounterZeroAndAUriWithoutCounterStartAtTheFirstCode() {
        mfa.importEnrollment("bob", RepairedOtpAuthUri.parse("otpauth://hotp/ACME:bob?secret=" + secret.toBase32())
                .uri(), List.of(), false);
        assertEquals(-1, store.find("bob").orElseThrow().lastAcceptedStep());
        assertEquals(new LoginCheck.Accepted(0, 0), mfa.verify("bob", token.code(0)));
    }

    @Test
    void wrongHotpCodesAreThrottledLikeTotpCodes() {
        importAt("carol", 0);
        for (int i = 0; i < 5; i++) {
            mfa.verify("carol", token.code(500 + i));
        }
        assertInstanceOf(Outcome.LockedOut.class, mfa.verify("carol", token.code(0)));
        assertEquals(-1, store.find("carol").orElseThrow().lastAcceptedStep(), "nothing accepted while locked");
    }

    @Test
    void ofManyThreadsGivenTheSameHotpCodeExactlyOneIsAccepted() throws Exception {
        importAt("dave", 0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<LoginCheck>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<LoginCheck> task = () -> mfa.verify("dave", token.code(2));
                results.add(pool.submit(task));
            }
            int accepted = 0;
            for (Future<LoginCheck> f : results) {
                accepted += f.get().succeeded() ? 1 : 0;
            }
            assertEquals(1, accepted);
            assertEquals(2, store.find("dave").orElseThrow().lastAcceptedStep());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aUriImportSaysWhetherItReplacedAnEnrollmentForTotpAndHotpAlike() {
        OtpAuthUri totp = OtpAuthUri.totp(secret, dev.kairos.core.TotpParameters.defaults()).issuer("ACME")
                .account("fay@acme.test");
        OtpAuthUri hotp = OtpAuthUri.hotp(secret, HmacAlgorithm.SHA1, 6, 3).issuer("ACME").account("fay@acme.test");
        assertFalse(mfa.importEnrollment("fay", hotp, List.of(), false), "nothing to replace");
        assertTrue(mfa.importEnrollment("fay", totp, List.of(), true), "the HOTP enrollment replaced");
        assertFalse(store.find("fay").orElseThrow().hasFlag(EnrollmentRecord.HOTP));
        assertTrue(mfa.importEnrollment("fay", hotp, List.of(), true), "the TOTP enrollment replaced");
        assertEquals(2, store.find("fay").orElseThrow().lastAcceptedStep());
        assertFalse(mfa.importEnrollment("gus", totp, List.of(), true), "replaceExisting with nothing there");
    }

    @Test
    void aTotpUriImportsAnOrdinaryTotpEnrollment() {
        OtpAuthUri uri = OtpAuthUri.totp(secret, dev.kairos.core.TotpParameters.defaults()).issuer("ACME")
                .account("erin@acme.test");
        assertFalse(mfa.importEnrollment("erin", uri, List.of("12345678"), false));
        EnrollmentRecord r = store.find("erin").orElseThrow();
        assertFalse(r.hasFlag(EnrollmentRecord.HOTP));
        assertEquals("erin@acme.test", r.label());
        assertEquals(1, r.unusedRecoveryCodes());
    }
}
