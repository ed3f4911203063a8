package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.MessageDigestSpi;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.Security;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The timing property of {@link TotpVerifier#verify} and {@link TotpVerifier#verifyAfter}: each does the same work for a right, a wrong and a replayed code,
 * wherever in the window the right code lies, and none for a malformed one.
 *
 * <p>The work is counted, not timed (a timing measurement on a shared machine proves nothing): a JCA provider
 * inserted first in the provider list hands out {@code SHA-1}/{@code SHA-256}/{@code SHA-512} digests that count
 * their {@code digest} calls on one thread. Whether HMAC is computed on a {@link MessageDigest} directly (as
 * {@link OtpEngine} does) or by the JDK's {@code Mac} (which also draws its digests from the provider list), every
 * HMAC costs a fixed number of digest calls; the test measures that number with one {@link Hotp#code} and then
 * expects exactly {@code window.size()} HMACs per verification. Each HMAC in the verifier's loop is followed by
 * exactly one comparison (no early exit, no {@code continue} after the HMAC), so equal HMAC counts mean equal
 * comparison counts.
 *
 * <p>{@link OtpEngine} keeps its digests in a pool shared by all threads: the pool is emptied once the provider is
 * inserted (and again when it is removed), or the pooled digests made before would keep the JDK's own ones.
 */
class VerificationWorkTest {

    private static final String PROVIDER_NAME = "KairosCountingDigests";
    private static final List<SkewWindow> WINDOWS =
            List.of(SkewWindow.of(0, 0), SkewWindow.of(1, 1), SkewWindow.of(2, 3), SkewWindow.of(10, 10));
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);

    /** The thread whose digest calls are counted; calls from any other thread are ignored. */
    private static volatile Thread counted;
    private static final AtomicLong DIGESTS = new AtomicLong();

    @BeforeAll
    static void insertTheCountingProviderFirst() {
        assertEquals(1, Security.insertProviderAt(new CountingProvider(), 1), "counting provider inserted first");
        OtpEngine.discardPooledState();
    }

    @AfterAll
    static void removeTheCountingProvider() {
        Security.removeProvider(PROVIDER_NAME);
        OtpEngine.discardPooledState();
    }

    @ParameterizedTest
    @EnumSource(HmacAlgorithm.class)
    void verifyComputesOneHmacPerWindowStepForRightWrongAndReplayedCodesAtEveryPosition(HmacAlgorithm algorithm)
            throws Exception {
        Totp totp = Totp.of(secretFor(algorithm), TotpParameters.defaults().withAlgorithm(algorithm));
        long now = totp.timeStep(NOW);

        List<String> failures = onACountingThread(() -> {
            List<String> wrong = new ArrayList<>();
            long perHmac = digestsOf(() -> totp.codeForStep(now));
            assertTrue(perHmac > 0, "one HMAC uses the counted digests");
            for (SkewWindow window : WINDOWS) {
                Set<String> codesInWindow = new HashSet<>();
                for (int d = -window.back(); d <= window.ahead(); d++) {
                    codesInWindow.add(totp.codeForStep(now + d));
                }
                for (int drift = -window.back(); drift <= window.ahead(); drift++) {
                    TotpVerifier verifier = TotpVerifier.builder()
                            .clock(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC))
                            .window(window)
                            .replayGuard(ReplayGuard.inMemory())
                            .build();
                    String right = totp.codeForStep(now + drift);
                    String nearMiss = nearMiss(right, codesInWindow);
                    String where = algorithm + " " + window + " drift " + drift;

                    check(wrong, where + " wrong", () -> verifier.verify("alice", totp, nearMiss), perHmac,
                            window.size(), Verification.Rejected.of(Verification.Reason.WRONG_CODE));
                    check(wrong, where + " right", () -> verifier.verify("alice", totp, right), perHmac,
                            window.size(), new Verification.Accepted(now + drift, drift));
                    check(wrong, where + " replayed", () -> verifier.verify("alice", totp, right), perHmac,
                            window.size(), Verification.Rejected.of(Verification.Reason.REPLAYED));

                    // verifyAfter: the same loop, the stored step instead of the guard.
                    TotpVerifier after = TotpVerifier.builder()
                            .clock(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC))
                            .window(window)
                            .withoutReplayGuard()
                            .build();
                    long step = now + drift;
                    check(wrong, where + " verifyAfter wrong", () -> after.verifyAfter(totp, nearMiss, -1), perHmac,
                            window.size(), Verification.Rejected.of(Verification.Reason.WRONG_CODE));
                    check(wrong, where + " verifyAfter right", () -> after.verifyAfter(totp, right, step - 1),
                            perHmac, window.size(), new Verification.Accepted(step, drift));
                    check(wrong, where + " verifyAfter replayed", () -> after.verifyAfter(totp, right, step),
                            perHmac, window.size(), Verification.Rejected.of(Verification.Reason.REPLAYED));
                    check(wrong, where + " verifyAfter older", () -> after.verifyAfter(totp, right, step + 5),
                            perHmac, window.size(), Verification.Rejected.of(Verification.Reason.REPLAYED));

                    // Codes as people type them: normalised before the loop, so exactly the same work.
                    for (String typed : typedForms(right)) {
                        String how = where + " typed '" + typed + "'";
                        check(wrong, how + " verifyAfter right", () -> after.verifyAfter(totp, typed, step - 1),
                                perHmac, window.size(), new Verification.Accepted(step, drift));
                        check(wrong, how + " verifyAfter replayed", () -> after.verifyAfter(totp, typed, step),
                                perHmac, window.size(), Verification.Rejected.of(Verification.Reason.REPLAYED));
                        check(wrong, how + " verifyAfter wrong",
                                () -> after.verifyAfter(totp, typedForms(nearMiss).get(0), -1), perHmac,
                                window.size(), Verification.Rejected.of(Verification.Reason.WRONG_CODE));
                    }
                }
                TotpVerifier verifier = TotpVerifier.builder()
                        .clock(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC)).window(window)
                        .replayGuard(ReplayGuard.inMemory()).build();
                for (String malformed : new String[] {null, "", "12345", "1234567", "12345a", " 12345", "١٢٣٤٥",
                        "١٢٣۴۵۶", "123\uff14\uff15\uff16", " -123456", "123456-", "123--456", "123 4 56 7"}) {
                    String where = algorithm + " " + window + " malformed '" + malformed + "'";
                    check(wrong, where, () -> verifier.verify("alice", totp, malformed), perHmac, 0,
                            Verification.Rejected.of(Verification.Reason.MALFORMED));
                    check(wrong, where + " verifyAfter", () -> verifier.verifyAfter(totp, malformed, -1), perHmac, 0,
                            Verification.Rejected.of(Verification.Reason.MALFORMED));
                }
            }
            return wrong;
        });

        assertTrue(failures.isEmpty(), failures.size() + " verifications did other work than expected, e.g. "
                + failures.subList(0, Math.min(5, failures.size())));
    }

    @ParameterizedTest
    @EnumSource(HmacAlgorithm.class)
    void hotpVerificationAndResyncDoTheSameWorkWhereverTheCodeLies(HmacAlgorithm algorithm) throws Exception {
        Hotp hotp = Hotp.of(secretFor(algorithm), algorithm, 6);
        long counter = 1_000;
        List<String> failures = onACountingThread(() -> {
            List<String> wrong = new ArrayList<>();
            long perHmac = digestsOf(() -> hotp.code(counter));
            for (int lookAhead : new int[] {0, 1, 5, 20}) {
                HotpVerifier verifier = HotpVerifier.builder().lookAhead(lookAhead).resyncWindow(lookAhead + 3).build();
                Set<String> codesInWindow = new HashSet<>();
                for (int k = 0; k <= lookAhead + 5; k++) {
                    codesInWindow.add(hotp.code(counter + k));
                }
                for (int k = 0; k <= lookAhead; k++) {
                    String right = hotp.code(counter + k);
                    String where = algorithm + " lookAhead " + lookAhead + " at +" + k;
                    Verification accepted = new Verification.Accepted(counter + k, k);
                    check(wrong, where + " right", () -> verifier.verify(hotp, right, counter), perHmac,
                            lookAhead + 1, accepted);
                    check(wrong, where + " typed", () -> verifier.verify(hotp, typedForms(right).get(1), counter),
                            perHmac, lookAhead + 1, accepted);
                    check(wrong, where + " wrong", () -> verifier.verify(hotp, nearMiss(right, codesInWindow),
                            counter), perHmac, lookAhead + 1, Verification.Rejected.of(Verification.Reason.WRONG_CODE));
                    String next = hotp.code(counter + k + 1);
                    check(wrong, where + " resync", () -> verifier.resynchronize(hotp, right, next, counter), perHmac,
                            lookAhead + 5, new Verification.Accepted(counter + k + 1, k + 1));
                    check(wrong, where + " resync not consecutive", () -> verifier.resynchronize(hotp, next, right,
                            counter), perHmac, lookAhead + 5, Verification.Rejected.of(Verification.Reason.WRONG_CODE));
                }
                check(wrong, algorithm + " malformed", () -> verifier.verify(hotp, "12  3456", counter), perHmac, 0,
                        Verification.Rejected.of(Verification.Reason.MALFORMED));
                check(wrong, algorithm + " resync malformed", () -> verifier.resynchronize(hotp, "123456", "12345",
                        counter), perHmac, 0, Verification.Rejected.of(Verification.Reason.MALFORMED));
            }
            return wrong;
        });
        assertTrue(failures.isEmpty(), failures.size() + " HOTP verifications did other work than expected, e.g. "
                + failures.subList(0, Math.min(5, failures.size())));
    }

    private static void check(List<String> failures, String what, Supplier<Verification> verification,
            long perHmac, int expectedHmacs, Verification expected) {
        Verification[] result = new Verification[1];
        long digests = digestsOf(() -> result[0] = verification.get());
        if (!expected.equals(result[0])) {
            failures.add(what + ": expected " + expected + " but got " + result[0]);
        }
        if (digests != expectedHmacs * perHmac) {
            failures.add(what + ": expected " + expectedHmacs + " HMACs (" + expectedHmacs * perHmac
                    + " digests) but counted " + digests + " digests");
        }
    }

    /** A code as people type it: full-width, Arabic-Indic, Devanagari, grouped with a space and with a hyphen. */
    private static List<String> typedForms(String code) {
        List<String> forms = new ArrayList<>();
        for (char zero : new char[] {'\uff10', '\u0660', '\u0966'}) {
            char[] c = code.toCharArray();
            for (int i = 0; i < c.length; i++) {
                c[i] = (char) (zero + (c[i] - '0'));
            }
            forms.add(new String(c));
        }
        forms.add(code.substring(0, 3) + " " + code.substring(3));
        forms.add(code.substring(0, 3) + "-" + code.substring(3));
        return forms;
    }

    /** The right code with its last digit changed, and not the code of any other step in the window. */
    private static String nearMiss(String right, Set<String> codesInWindow) {
        for (int add = 1; add < 10; add++) {
            char last = (char) ('0' + (right.charAt(right.length() - 1) - '0' + add) % 10);
            String candidate = right.substring(0, right.length() - 1) + last;
            if (!codesInWindow.contains(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no near miss of " + right + " outside the window");
    }

    private static long digestsOf(Runnable work) {
        long before = DIGESTS.get();
        work.run();
        return DIGESTS.get() - before;
    }

    private static List<String> onACountingThread(java.util.concurrent.Callable<List<String>> work)
            throws InterruptedException, ExecutionException {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<List<String>> result = thread.submit(() -> {
                counted = Thread.currentThread();
                try {
                    return work.call();
                } finally {
                    counted = null;
                }
            });
            return result.get();
        } finally {
            thread.shutdownNow();
        }
    }

    /** The RFC 6238 Appendix B keys: 20, 32 and 64 ASCII bytes. */
    private static Secret secretFor(HmacAlgorithm algorithm) {
        String key = switch (algorithm) {
            case SHA1 -> "12345678901234567890";
            case SHA256 -> "12345678901234567890123456789012";
            case SHA512 -> "1234567890123456789012345678901234567890123456789012345678901234";
        };
        return Secret.fromBytes(key.getBytes(StandardCharsets.US_ASCII));
    }

    /** Hands out the JDK's SHA digests, wrapped so that every finished digest on the counted thread is counted. */
    private static final class CountingProvider extends Provider {
        private static final long serialVersionUID = 1L;

        CountingProvider() {
            super(PROVIDER_NAME, "1.0", "SHA digests that count their digest() calls, for tests");
            for (String algorithm : new String[] {"SHA-1", "SHA-256", "SHA-512"}) {
                putService(new Service(this, "MessageDigest", algorithm, CountingDigest.class.getName(), null, null) {
                    @Override
                    public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                        try {
                            return new CountingDigest(MessageDigest.getInstance(algorithm, "SUN"));
                        } catch (NoSuchProviderException e) {
                            throw new NoSuchAlgorithmException("the JDK's SUN provider is missing", e);
                        }
                    }
                });
            }
        }
    }

    private static final class CountingDigest extends MessageDigestSpi {
        private final MessageDigest jdk;

        CountingDigest(MessageDigest jdk) {
            this.jdk = jdk;
        }

        private static void count() {
            if (Thread.currentThread() == counted) {
                DIGESTS.incrementAndGet();
            }
        }

        @Override
        protected int engineGetDigestLength() {
            return jdk.getDigestLength();
        }

        @Override
        protected void engineUpdate(byte input) {
            jdk.update(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            jdk.update(input, offset, len);
        }

        @Override
        protected byte[] engineDigest() {
            count();
            return jdk.digest();
        }

        @Override
        protected int engineDigest(byte[] buf, int offset, int len) throws DigestException {
            count();
            return jdk.digest(buf, offset, len);
        }

        @Override
        protected void engineReset() {
            jdk.reset();
        }
    }
}
