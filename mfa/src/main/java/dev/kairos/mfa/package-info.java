/**
 * The enrollment service: {@link dev.kairos.mfa.Enrollments} and its results.
 *
 * <p><b>One compare-and-set per change.</b> Each operation reads the record, decides, and writes the whole next
 * version with one {@link dev.kairos.store.EnrollmentStore#replaceIfVersion} (or insert, or delete). The replay
 * guard (the last accepted time step, or counter for a HOTP enrollment), the failure counter and the lockout live
 * in the record, so the check and the record are one atomic step across every server sharing the store: of N
 * servers given the same valid code at once, exactly one accepts it, and N concurrent wrong codes raise the counter
 * by exactly N. A lost race is retried from a fresh read, at most
 * {@link dev.kairos.mfa.Enrollments.Builder#maxAttempts(int)} times (default 16), then
 * {@link dev.kairos.mfa.EnrollmentConflictException}. A verification costs one read and, for a right or wrong code,
 * one conditional write; a TOTP code is checked by {@code TotpVerifier.verifyAfter} against the stored last step,
 * a HOTP code by {@code HotpVerifier.verify} against the stored last counter.
 */
package dev.kairos.mfa;
