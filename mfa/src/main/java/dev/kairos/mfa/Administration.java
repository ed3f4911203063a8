package dev.kairos.mfa;

import static dev.kairos.mfa.Updates.answer;
import static dev.kairos.mfa.Updates.delete;
import static dev.kairos.mfa.Updates.replace;

import dev.kairos.mfa.EnrollmentEvent.Type;
import dev.kairos.store.EnrollmentRecord;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What support staff and key rotation do without the user's proof: reset (delete), unlock (ramp cleared, guess
 * budget whole again), re-seal with the primary key, and count records per key id. Audited with the administrator,
 * or {@link EnrollmentEvent#SYSTEM}, as actor.
 */
final class Administration {

    private final Steps steps;

    Administration(Steps steps) {
        this.steps = steps;
    }

    boolean reset(String accountId, String adminId) {
        EnrollmentRecord.checkAccountId(accountId);
        String actor = EnrollmentEvent.admin(adminId);
        return steps.run("reset", accountId, found -> found.isEmpty()
                ? answer(false)
                : delete(found.get(), () -> {
                    steps.emit(Type.RESET, accountId, actor, steps.now(), "enrollment removed without proof");
                    return true;
                }));
    }

    boolean unlock(String accountId, String adminId) {
        EnrollmentRecord.checkAccountId(accountId);
        String actor = EnrollmentEvent.admin(adminId);
        return steps.run("unlock", accountId, found -> {
            if (found.isEmpty()) {
                return answer(false);
            }
            EnrollmentRecord r = found.get();
            return replace(r, Draft.of(r).unlocked().secret(steps.resealed(r, null)).next(), () -> {
                steps.emit(Type.UNLOCKED, accountId, actor, steps.now(), "failures (" + r.consecutiveFailures()
                        + "), lockout and spent guess budget cleared");
                return true;
            });
        });
    }

    /** Seals the account's secret again with the primary key if an older key sealed it; true if it did. */
    boolean reseal(String accountId) {
        EnrollmentRecord.checkAccountId(accountId);
        return steps.run("reseal", accountId, found -> {
            if (found.isEmpty() || !steps.s.sealer().needsReseal(found.get().secret())) {
                return answer(false);
            }
            EnrollmentRecord r = found.get();
            String oldKey = r.secret().keyId();
            return replace(r, Draft.of(r).secret(steps.resealed(r, null)).next(), () -> {
                steps.emit(Type.RESEALED, accountId, EnrollmentEvent.SYSTEM, steps.now(), "sealed again: key "
                        + oldKey + " -> " + steps.s.sealer().primaryKeyId());
                return true;
            });
        });
    }

    /** Counts, per key id, the records of the given accounts (no record: not counted); optionally re-seals first. */
    SortedMap<String, Integer> keyUsage(Collection<String> accountIds, boolean resealFirst) {
        SortedMap<String, Integer> usage = new TreeMap<>();
        for (String accountId : accountIds) {
            EnrollmentRecord.checkAccountId(accountId);
            if (resealFirst) {
                reseal(accountId);
            }
            steps.s.store().find(accountId).ifPresent(r -> usage.merge(
                    r.secret().isSealed() ? r.secret().keyId() : "(unsealed)", 1, Integer::sum));
        }
        return Collections.unmodifiableSortedMap(usage);
    }
}
