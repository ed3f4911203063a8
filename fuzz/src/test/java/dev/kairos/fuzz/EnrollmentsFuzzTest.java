package dev.kairos.fuzz;

import dev.kairos.store.tck.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kairos.core.HmacAlgorithm;
import dev.kairos.core.Secret;
import dev.kairos.mfa.Outcome;
import dev.kairos.mfa.EnrollmentConflictException;
import dev.kairos.mfa.BeginResult;
import dev.kairos.mfa.Confirmation;
import dev.kairos.mfa.DisableResult;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentState;
import dev.kairos.mfa.Enrollments;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.InvalidAccountException;
import dev.kairos.mfa.KeyRing;
import dev.kairos.mfa.LoginCheck;
import dev.kairos.mfa.PendingEnrollment;
import dev.kairos.mfa.RecoveryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The enrollment lifecycle driven by the fuzzer: a sequence of begin / confirm / verify / recover / disable / clock
 * moves on arbitrary account ids, labels and codes (or the right code, a recovery code, or one of them altered).
 * After every call: only documented exceptions, nothing accepted without proof, a refusal changes nothing but the
 * failure count, and no result, record or message shows a secret or a recovery code.
 */
class EnrollmentsFuzzTest {

    private static final byte[] AES_KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final long PERIOD = 30;

    /** What the test knows of an account: the secret from begin, the recovery codes from confirm. */
    private static final class Known {
        Secret secret;
        String handle;
        final List<String> recoveryCodes = new ArrayList<>();
        final Set<String> used = new HashSet<>();
    }

    private final Map<String, Known> known = new HashMap<>();
    private InMemoryEnrollmentStore store;
    private MutableClock clock;

    @FuzzTest(maxDuration = Fuzz.CAMPAIGN)
    void lifecycle(FuzzedDataProvider data) {
        known.clear();
        store = new InMemoryEnrollmentStore();
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        Enrollments.Builder b = Enrollments.builder(store).issuer("ACME").clock(clock).recoveryCodeCount(8);
        Enrollments mfa = (data.consumeBoolean() ? b.sealWith(KeyRing.of("k1", AES_KEY)) : b.unsealed()).build();
        String[] accounts = {"alice", data.consumeBoolean() ? "bob" : Fuzz.text(data, 300)};

        for (int op = 0; op < 16 && data.remainingBytes() > 0; op++) {
            String account = data.pickValue(accounts);
            int what = data.consumeInt(0, 6);
            if (what == 6) {
                clock.advance(Duration.ofSeconds(data.consumeBoolean() ? PERIOD : data.consumeLong(0, 400_000)));
                continue;
            }
            Optional<EnrollmentRecord> before = store.find(account);
            try {
                switch (what) {
                    case 0 -> begin(mfa, account, data.consumeBoolean() ? "alice@acme.test" : Fuzz.text(data, 300), before);
                    case 1 -> confirm(mfa, account, code(data, account), before);
                    case 2 -> verify(mfa, account, code(data, account), before);
                    case 3 -> recover(mfa, account, code(data, account), before);
                    default -> disable(mfa, account, code(data, account), before);
                }
            } catch (InvalidAccountException e) {
                if (validAccountId(account)) {
                    throw new AssertionError("a valid account id was refused: " + e.getMessage(), e);
                }
                assertUnchanged(account, before, "invalid account id");
                checkNoSecret(e.getMessage());
            }
            checkNoSecret(store.toString());
            checkNoSecret(mfa.toString());
            store.find(account).ifPresent(r -> checkNoSecret(r.toString()));
        }
    }

    // ------------------------------------------------------------------------------------------------ operations

    private void begin(Enrollments mfa, String account, String label, Optional<EnrollmentRecord> before) {
        BeginResult b;
        try {
            b = mfa.begin(account, label);
        } catch (EnrollmentConflictException e) {
            assertEquals(EnrollmentState.ACTIVE, before.map(EnrollmentRecord::state).orElse(null), "already enrolled?");
            assertUnchanged(account, before, "begin while active");
            checkNoSecret(e.getMessage());
            return;
        } catch (InvalidAccountException e) {
            if (validAccountId(account) && validAccountId(label) && label.indexOf(':') < 0) {
                throw new AssertionError("a valid account id and label were refused: " + e.getMessage(), e);
            }
            assertUnchanged(account, before, "invalid label");
            checkNoSecret(e.getMessage());
            return;
        }
        if (before.isPresent() && before.get().state() == EnrollmentState.ACTIVE) {
            throw new AssertionError("begin replaced an active enrollment");
        }
        if (!(b instanceof BeginResult.Begun begun)) {
            assertUnchanged(account, before, b.toString()); // a set-up in progress is never replaced
            return;
        }
        PendingEnrollment p = begun.enrollment();
        Known k = new Known();
        k.secret = p.secret();
        k.handle = p.handle();
        known.put(account, k);
        assertEquals(EnrollmentState.PENDING, store.find(account).orElseThrow().state());
        checkNoSecret(p.toString());
    }

    private void confirm(Enrollments mfa, String account, String code, Optional<EnrollmentRecord> before) {
        Known holder = known.get(account);
        Confirmation c = mfa.confirm(account, holder == null ? "no-handle" : holder.handle, code);
        checkNoSecret(c.toString());
        Optional<EnrollmentRecord> after = store.find(account);
        if (c instanceof Confirmation.Confirmed confirmed) {
            EnrollmentRecord r = before.orElseThrow(() -> new AssertionError("confirmed without an enrollment"));
            assertEquals(EnrollmentState.PENDING, r.state(), "confirmed a non-pending enrollment");
            long step = rightStep(account, code, r.lastAcceptedStep());
            if (step < 0) {
                throw new AssertionError("confirmed with a code that is not right: " + code);
            }
            assertEquals(EnrollmentState.ACTIVE, after.orElseThrow().state());
            Known k = known.get(account);
            k.recoveryCodes.clear();
            k.used.clear();
            k.recoveryCodes.addAll(confirmed.recoveryCodes());
            return;
        }
        if (c instanceof Outcome.WrongCode || c instanceof Outcome.LockedOut) {
            if (c instanceof Outcome.WrongCode && rightStep(account, code, -1) >= 0) {
                throw new AssertionError("a right code was refused as wrong: " + c);
            }
            assertFailureOnly(account, before, c);
        } else {
            if (c instanceof Outcome.Malformed && Reference.wellFormed(code, 6)) {
                throw new AssertionError("six digits called malformed");
            }
            assertUnchanged(account, before, c.toString());
        }
    }

    private void verify(Enrollments mfa, String account, String code, Optional<EnrollmentRecord> before) {
        LoginCheck v = mfa.verify(account, code);
        checkNoSecret(v.toString());
        if (v instanceof LoginCheck.Accepted a) {
            EnrollmentRecord r = before.orElseThrow(() -> new AssertionError("accepted without an enrollment"));
            assertEquals(EnrollmentState.ACTIVE, r.state(), "accepted a login on a non-active enrollment");
            long step = rightStep(account, code, r.lastAcceptedStep());
            if (step < 0 || !Reference.code(HmacAlgorithm.SHA1, known.get(account).secret.bytes(), a.timeStep(), 6).equals(code)
                    || a.timeStep() <= r.lastAcceptedStep()) {
                throw new AssertionError("accepted a code that is wrong or replayed: " + code + " " + a);
            }
            EnrollmentRecord next = store.find(account).orElseThrow();
            assertEquals(a.timeStep(), next.lastAcceptedStep());
            assertEquals(0, next.consecutiveFailures());
            return;
        }
        if (v instanceof Outcome.WrongCode || v instanceof Outcome.LockedOut) {
            if (v instanceof Outcome.WrongCode && before.isPresent()
                    && rightStep(account, code, before.get().lastAcceptedStep()) >= 0) {
                throw new AssertionError("a right new code was refused as wrong: " + v);
            }
            assertFailureOnly(account, before, v);
        } else {
            if (v instanceof Outcome.Malformed && Reference.wellFormed(code, 6)) {
                throw new AssertionError("six digits called malformed");
            }
            if (v instanceof Outcome.Replayed && rightStep(account, code, -1) < 0) {
                throw new AssertionError("a wrong code called replayed");
            }
            assertUnchanged(account, before, v.toString());
        }
    }

    private void recover(Enrollments mfa, String account, String code, Optional<EnrollmentRecord> before) {
        RecoveryResult rr = mfa.recover(account, code);
        checkNoSecret(rr.toString());
        String normalized = normalize(code);
        Known k = known.get(account);
        if (rr instanceof RecoveryResult.Recovered) {
            if (k == null || !issued(k, normalized) || !k.used.add(normalized)) {
                throw new AssertionError("recovered with a code that was not an unused recovery code: " + code);
            }
            assertEquals(EnrollmentState.ACTIVE, store.find(account).orElseThrow().state());
            return;
        }
        if (rr instanceof Outcome.WrongCode && k != null && issued(k, normalized)
                && !k.used.contains(normalized)) {
            throw new AssertionError("an unused recovery code was refused");
        }
        // A wrong recovery code is neither counted nor locking (79-bit codes need no throttle): nothing changes.
        assertUnchanged(account, before, rr.toString());
    }

    private void disable(Enrollments mfa, String account, String code, Optional<EnrollmentRecord> before) {
        DisableResult d = mfa.disable(account, code);
        checkNoSecret(d.toString());
        Known k = known.get(account);
        if (d instanceof DisableResult.Disabled) {
            EnrollmentRecord r = before.orElseThrow(() -> new AssertionError("disabled without an enrollment"));
            String normalized = normalize(code);
            boolean recovery = k != null && issued(k, normalized) && !k.used.contains(normalized);
            if (!recovery && rightStep(account, code, r.lastAcceptedStep()) < 0) {
                throw new AssertionError("disabled without proof: " + code);
            }
            if (store.find(account).isPresent()) {
                throw new AssertionError("disabled but the record is still there");
            }
            known.remove(account);
            return;
        }
        if (d instanceof Outcome.WrongCode || d instanceof Outcome.LockedOut) {
            assertFailureOnly(account, before, d);
        } else {
            assertUnchanged(account, before, d.toString());
        }
    }

    // ------------------------------------------------------------------------------------------------ inputs

    /** Arbitrary text, the right TOTP code of a step near now, a recovery code, or one of them altered. */
    private String code(FuzzedDataProvider data, String account) {
        Known k = known.get(account);
        int mode = data.consumeInt(0, 4);
        if (k == null || mode == 0) {
            return Fuzz.text(data, 80);
        }
        String code;
        if (mode <= 2 || k.recoveryCodes.isEmpty()) {
            long step = Math.floorDiv(clock.instant().getEpochSecond(), PERIOD) + data.consumeInt(-2, 2);
            code = Reference.code(HmacAlgorithm.SHA1, k.secret.bytes(), step, 6);
        } else {
            code = data.pickValue(k.recoveryCodes);
            if (data.consumeBoolean()) {
                code = code.toLowerCase(Locale.ROOT).replace("-", " ");
            }
        }
        if (mode == 2 || mode == 4) {
            int at = data.consumeInt(0, code.length() - 1);
            code = code.substring(0, at) + data.consumeChar() + code.substring(at + 1);
        }
        return code;
    }

    // ------------------------------------------------------------------------------------------------ oracle

    /** The step (after {@code lastAccepted}, inside the ±1 window) whose right code this is, or -1. */
    private long rightStep(String account, String code, long lastAccepted) {
        Known k = known.get(account);
        if (k == null || !Reference.wellFormed(code, 6)) {
            return -1;
        }
        long now = Math.floorDiv(clock.instant().getEpochSecond(), PERIOD);
        for (long step = now - 1; step <= now + 1; step++) {
            if (step > lastAccepted && Reference.code(HmacAlgorithm.SHA1, k.secret.bytes(), step, 6).equals(code)) {
                return step;
            }
        }
        return -1;
    }

    private static boolean issued(Known k, String normalized) {
        return k.recoveryCodes.stream().map(EnrollmentsFuzzTest::normalize).anyMatch(normalized::equals);
    }

    /** As recovery codes are read: ASCII letters in any case, spaces and '-' ignored (no Unicode case folding). */
    private static String normalize(String code) {
        StringBuilder b = new StringBuilder(code.length());
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c != ' ' && c != '-') {
                b.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
            }
        }
        return b.toString();
    }

    /** The account-id rules of {@link Enrollments#begin(String, String)}'s Javadoc. */
    static boolean validAccountId(String s) {
        if (s == null || s.isBlank() || s.length() > EnrollmentRecord.MAX_ACCOUNT_LENGTH
                || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
            return false;
        }
        return s.chars().noneMatch(Character::isISOControl);
    }

    private void assertUnchanged(String account, Optional<EnrollmentRecord> before, String why) {
        assertEquals(before, store.find(account), "the record changed on a refusal: " + why);
    }

    /** A refused guess may count a failure (and lock), and change nothing else. */
    private void assertFailureOnly(String account, Optional<EnrollmentRecord> before, Object result) {
        EnrollmentRecord b = before.orElseThrow(() -> new AssertionError(result + " without an enrollment"));
        EnrollmentRecord a = store.find(account).orElseThrow(() -> new AssertionError(result + " deleted the record"));
        if (a.equals(b)) {
            return; // a lockout found in place: nothing counted
        }
        assertEquals(b.consecutiveFailures() + 1, a.consecutiveFailures(), "failures after " + result);
        assertEquals(b.state(), a.state(), "state after " + result);
        assertEquals(b.lastAcceptedStep(), a.lastAcceptedStep(), "last step after " + result);
        assertEquals(b.recoveryCodes(), a.recoveryCodes(), "recovery codes after " + result);
        assertEquals(b.label(), a.label(), "label after " + result);
        assertEquals(b.createdAt(), a.createdAt(), "created after " + result);
        if (!b.secret().keyId().equals(a.secret().keyId())) {
            throw new AssertionError("the secret was re-sealed with another key on a refusal");
        }
    }

    /** No text shows any known secret or recovery code. */
    private void checkNoSecret(String text) {
        if (text == null) {
            return;
        }
        String upper = normalize(text);
        for (Known k : known.values()) {
            Fuzz.assertNoSecret(text, k.secret.bytes(), k.secret.toBase32(), "a text");
            for (String rc : k.recoveryCodes) {
                if (upper.contains(normalize(rc))) {
                    throw new AssertionError("a text shows a recovery code: " + text);
                }
            }
        }
    }
}
