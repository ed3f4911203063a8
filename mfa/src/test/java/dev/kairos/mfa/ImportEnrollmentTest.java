package dev.kairos.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.HmacAlgorithm;
import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentState;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ImportEnrollmentTest {

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    final List<EnrollmentEvent> events = new CopyOnWriteArrayList<>();
    final Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").clock(clock)
            .sealWith(KeyRing.of("k1", new byte[32])).listener(events::add).build();

    final Secret legacy = Secret.fromBase32Legacy("JBSWY3DPEHPK3PXP");
    final Secret full = Secret.generate();

    String codeAt(Secret secret, TotpParameters parameters, Instant at) {
        return Totp.of(secret, parameters).codeAt(at);
    }

    @Test
    void anImportedEnrollmentIsActiveAtOnceAndAcceptsEachCodeOnce() {
        assertFalse(mfa.importEnrollment("alice", "alice@acme.test", full, TotpParameters.defaults(),
                OptionalLong.empty(), List.of(), false));

        assertEquals(EnrollmentStatus.ACTIVE, mfa.status("alice"));
        String code = codeAt(full, TotpParameters.defaults(), START);
        assertInstanceOf(LoginCheck.Accepted.class, mfa.verify("alice", code));
        assertEquals(new Outcome.Replayed(), mfa.verify("alice", code));
        EnrollmentRecord r = store.find("alice").orElseThrow();
        assertTrue(r.hasFlag(EnrollmentRecord.IMPORTED));
        assertFalse(r.hasFlag(EnrollmentRecord.LEGACY_SECRET));
        assertFalse(mfa.usesLegacySecret("alice"));
        assertEquals(EnrollmentEvent.Type.IMPORTED, events.get(0).type());
    }

    @Test
    void keepsTheOldParametersAndTheLastUsedStep() {
        TotpParameters eight = TotpParameters.of(HmacAlgorithm.SHA256, 8, Duration.ofSeconds(60));
        long step = Totp.of(full, eight).timeStep(START);
        mfa.importEnrollment("bob", "bob@acme.test", full, eight, OptionalLong.of(step), List.of(), false);

        assertEquals(new Outcome.Replayed(), mfa.verify("bob", codeAt(full, eight, START)));
        clock.advance(Duration.ofSeconds(60));
        assertInstanceOf(LoginCheck.Accepted.class, mfa.verify("bob", codeAt(full, eight, clock.instant())));
        assertEquals(eight, store.find("bob").orElseThrow().parameters());
    }

    @Test
    void aLegacySecretWorksAndIsReportedUntilTheUserEnrolsAgain() {
        mfa.importEnrollment("carol", "carol@acme.test", legacy, TotpParameters.defaults(), OptionalLong.empty(),
                List.of(), false);

        assertTrue(mfa.usesLegacySecret("carol"));
        assertTrue(store.find("carol").orElseThrow().hasFlag(EnrollmentRecord.LEGACY_SECRET));
        assertTrue(events.get(0).detail().contains("legacy 80-bit secret: re-enrol"), events.get(0).detail());
        assertInstanceOf(LoginCheck.Accepted.class, mfa.verify("carol", codeAt(legacy, TotpParameters.defaults(),
                START)));
        EnrollmentEvent signedIn = events.get(events.size() - 1);
        assertEquals(EnrollmentEvent.Type.SIGNED_IN, signedIn.type());
        assertTrue(signedIn.detail().contains("legacy 80-bit secret: re-enrol"), signedIn.detail());

        // Enrolling again (disable with a code, then begin and confirm) leaves a full-length secret, no flags.
        clock.advance(Duration.ofSeconds(30));
        assertTrue(mfa.disable("carol", codeAt(legacy, TotpParameters.defaults(), clock.instant())).succeeded());
        PendingEnrollment p = mfa.begin("carol", "carol@acme.test").pending().orElseThrow();
        assertTrue(mfa.confirm("carol", p.handle(), Totp.of(p.secret(), p.parameters()).codeAt(clock.instant())).isConfirmed());
        assertFalse(mfa.usesLegacySecret("carol"));
        assertEquals(0, store.find("carol").orElseThrow().flags());
    }

    @Test
    void refusesToOverwriteAnExistingEnrollmentUnlessToldTo() {
        PendingEnrollment p = mfa.begin("dave", "dave@acme.test").pending().orElseThrow();
        mfa.confirm("dave", p.handle(), Totp.of(p.secret(), p.parameters()).codeAt(START));
        EnrollmentRecord before = store.find("dave").orElseThrow();

        EnrollmentConflictException e = assertThrows(EnrollmentConflictException.class, () -> mfa.importEnrollment(
                "dave", "dave@acme.test", full, TotpParameters.defaults(), OptionalLong.empty(), List.of(), false));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("replaceExisting"), e.getMessage());
        assertEquals(Optional.of(before), store.find("dave"));

        assertTrue(mfa.importEnrollment("dave", "dave@acme.test", full, TotpParameters.defaults(),
                OptionalLong.empty(), List.of(), true));
        assertEquals(EnrollmentState.ACTIVE, store.find("dave").orElseThrow().state());
        assertEquals(before.version() + 1, store.find("dave").orElseThrow().version());
        assertTrue(events.get(events.size() - 1).detail().startsWith("replaced the ACTIVE enrollment"));
    }

    @Test
    void importedRecoveryCodesSignInOnceAndWrongOnesAreCountedAndLockedOut() {
        mfa.importEnrollment("erin", "erin@acme.test", full, TotpParameters.defaults(), OptionalLong.empty(),
                List.of("12345678", "87654321", "abcd-efgh-ijkl-mnop"), false);

        assertEquals(new RecoveryResult.Recovered(2), mfa.recover("erin", "1234 5678"));
        assertEquals(new Outcome.WrongCode(1), mfa.recover("erin", "12345678")); // used: counted, low entropy
        assertEquals(new RecoveryResult.Recovered(1), mfa.recover("erin", "ABCDEFGHIJKLMNOP"));
        for (int i = 0; i < 5; i++) {
            mfa.recover("erin", "1111111" + i);
        }
        assertInstanceOf(Outcome.LockedOut.class, mfa.recover("erin", "87654321"));
        assertEquals(1, store.find("erin").orElseThrow().unusedRecoveryCodes());
        // Input in the native format that matches no native code falls through to the imported codes: locked too,
        // or the throttle could be sidestepped by typing imported codes in the native shape.
        assertInstanceOf(Outcome.LockedOut.class, mfa.recover("erin", "ABCD-EFGH-JKMN-PQRS"));
    }

    @Test
    void importedScratchCodesShareTheGuessBudgetWhichASuccessDoesNotRefill() {
        // a ramp that never locks (threshold 100), so only the budget limits: 48 a day, 24 of them at once
        Enrollments budgeted = Enrollments.builder(store).issuer("ACME Corp").clock(clock).unsealed()
                .throttling(new ThrottlingPolicy(100, Duration.ofSeconds(1), Duration.ofHours(1), 100)).build();
        budgeted.importEnrollment("ivy", "ivy@acme.test", full, TotpParameters.defaults(), OptionalLong.empty(),
                List.of("12345678", "87654321"), false);
        Totp app = Totp.of(full, TotpParameters.defaults());
        for (int i = 1; i <= 12; i++) {
            assertEquals(new Outcome.WrongCode(i), budgeted.recover("ivy", "1111111" + (i % 10)));
        }
        assertTrue(budgeted.verify("ivy", app.codeAt(clock.instant())).isAccepted(), "a success in between");
        String wrong = MonthOfAttackTest.wrong(app.codeAt(clock.instant()));
        for (int i = 1; i <= 11; i++) {
            assertEquals(new Outcome.WrongCode(i), budgeted.verify("ivy", wrong));
        }
        Outcome.LockedOut.Until lock = assertInstanceOf(Outcome.LockedOut.Until.class, budgeted.verify("ivy", wrong),
                "the 24th counted guess spends the budget: the success in between refilled none");
        assertEquals(clock.instant().plus(Duration.ofHours(1)), lock.until());
        assertEquals(lock, budgeted.recover("ivy", "11111111"), "an imported code is locked out too");
        assertEquals(12, store.find("ivy").orElseThrow().consecutiveFailures(), "and not checked");
        assertInstanceOf(Outcome.LockedOut.class, budgeted.verify("ivy", app.codeAt(clock.instant())));
        assertEquals(2, store.find("ivy").orElseThrow().unusedRecoveryCodes(), "no imported code was checked");
        clock.advance(Duration.ofHours(1));
        assertEquals(new RecoveryResult.Recovered(1), budgeted.recover("ivy", "12345678"),
                "an hour later one guess is checked again");
    }

    @Test
    void anImportedScratchCodeThatLooksLikeATotpCodeDisablesMfaToo() {
        mfa.importEnrollment("gina", "gina@acme.test", full, TotpParameters.defaults(), OptionalLong.empty(),
                List.of("23456789", "34567890"), false);

        assertEquals(new Outcome.WrongCode(1), mfa.disable("gina", "99999999"));
        assertTrue(mfa.disable("gina", "2345-6789").succeeded());
        assertEquals(EnrollmentStatus.NOT_ENROLLED, mfa.status("gina"));
        // Without imported codes an 8-digit input to a 6-digit enrollment stays malformed.
        mfa.importEnrollment("hank", "hank@acme.test", full, TotpParameters.defaults(), OptionalLong.empty(),
                List.of(), false);
        assertEquals(new Outcome.Malformed(), mfa.disable("hank", "23456789"));
    }

    @Test
    void aLastStepIsZeroOrMoreOrAbsentAndAtMostAHundredCodesComeAlongAndARefusalStoresNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mfa.importEnrollment("gina",
                "gina@acme.test", full, TotpParameters.defaults(), OptionalLong.of(-1), List.of(), false));
        assertTrue(e.getMessage().contains("lastUsedTimeStep") && e.getMessage().contains("got -1"), e.getMessage());
        List<String> hundredAndOne = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "code" + (1000 + i))
                .toList();
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> mfa.importEnrollment(
                "gina", "gina@acme.test", full, TotpParameters.defaults(), OptionalLong.empty(), hundredAndOne, false));
        assertTrue(tooMany.getMessage().contains("at most 100") && tooMany.getMessage().contains("got 101"),
                tooMany.getMessage());
        assertEquals(Optional.empty(), store.find("gina"));
        assertTrue(events.isEmpty());

        assertFalse(mfa.importEnrollment("gina", "gina@acme.test", full, TotpParameters.defaults(),
                OptionalLong.of(0), hundredAndOne.subList(0, 100), false));
        EnrollmentRecord r = store.find("gina").orElseThrow();
        assertEquals(0, r.lastAcceptedStep());
        assertEquals(100, r.unusedRecoveryCodes());
    }

    @Test
    void refusesRecoveryCodesThatCannotBeImportedWithoutEchoingThemAndStoresNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mfa.importEnrollment(
                "frank", "frank@acme.test", full, TotpParameters.defaults(), OptionalLong.empty(),
                List.of("12345678", "12 34", "55555555"), false));
        assertTrue(e.getMessage().contains("recovery code 2"), e.getMessage());
        assertFalse(e.getMessage().contains("12 34"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> mfa.importEnrollment("frank", "frank@acme.test", full,
                TotpParameters.defaults(), OptionalLong.empty(), List.of("12345678", "1234-5678"), false));
        assertEquals(Optional.empty(), store.find("frank"));
    }
}
