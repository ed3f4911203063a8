package dev.kairos.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * The data every benchmark shares: a fixed time, a pool of random keys (one per simulated user) and, for each key,
 * the right and a wrong 6-digit code at that time.
 *
 * <p>Codes are computed here with a plain JCA implementation of RFC 4226/6238, independent of Kairos and of every
 * peer, so the self-check tests Kairos too.
 */
final class Fixtures {

    /** Keys in the per-request pool; a power of two so the index wraps with a mask. */
    static final int POOL = 1024;

    /** The fixed "now": 15 s into a 30 s step, far from both of its boundaries. */
    static final Instant NOW = Instant.parse("2026-01-01T00:00:15Z");
    static final long NOW_MILLIS = NOW.toEpochMilli();
    static final long STEP = NOW.getEpochSecond() / 30;

    /** Raw 20-byte (160-bit) keys, as an enrollment store returns them. */
    static final byte[][] KEYS = new byte[POOL][];
    /** The same keys in Base32 (no padding: 20 bytes are exactly 32 characters), for the string-keyed peers. */
    static final String[] BASE32 = new String[POOL];
    /** Credential ids for Kairos' replay guard. */
    static final String[] IDS = new String[POOL];
    /** The code of step {@link #STEP} for each key. */
    static final String[] RIGHT = new String[POOL];
    /** A code that matches none of the steps STEP-1, STEP, STEP+1 for each key. */
    static final String[] WRONG = new String[POOL];
    static final int[] RIGHT_INT = new int[POOL];
    static final int[] WRONG_INT = new int[POOL];

    /** RFC 6238 Appendix B: the SHA1 key, and its code at T = 59 s. */
    static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    static final String RFC_BASE32 = new Base32().encodeAsString(RFC_KEY);
    static final long RFC_TIME = 59;
    static final String RFC_CODE_8 = "94287082";
    static final String RFC_CODE_6 = "287082";

    static {
        SplittableRandom random = new SplittableRandom(6238); // fixed seed: every run measures the same keys
        for (int i = 0; i < POOL; i++) {
            byte[] key = new byte[20];
            random.nextBytes(key);
            KEYS[i] = key;
            BASE32[i] = new Base32().encodeAsString(key);
            IDS[i] = "user-" + i;
            int before = reference(key, STEP - 1, 6);
            int right = reference(key, STEP, 6);
            int after = reference(key, STEP + 1, 6);
            int wrong = (right + 500_000) % 1_000_000;
            while (wrong == before || wrong == right || wrong == after) {
                wrong = (wrong + 1) % 1_000_000;
            }
            RIGHT_INT[i] = right;
            WRONG_INT[i] = wrong;
            RIGHT[i] = sixDigits(right);
            WRONG[i] = sixDigits(wrong);
        }
        if (BASE32[0].indexOf('=') >= 0 || !RFC_CODE_8.equals(String.valueOf(reference(RFC_KEY, 1, 8)))) {
            throw new IllegalStateException("Fixtures: reference implementation broken");
        }
    }

    private Fixtures() {
    }

    static String sixDigits(int code) {
        String s = Integer.toString(code);
        return "000000".substring(s.length()) + s;
    }

    /** RFC 4226 §5.3 with HmacSHA1, straight from the JCA. */
    static int reference(byte[] key, long counter, int digits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] msg = new byte[8];
            for (int i = 7; i >= 0; i--) {
                msg[i] = (byte) counter;
                counter >>>= 8;
            }
            byte[] h = mac.doFinal(msg);
            int o = h[h.length - 1] & 0x0f;
            int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
            return (int) (bin % (long) Math.pow(10, digits));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails the run loudly: a benchmark must never measure a broken call. */
    static void check(boolean ok, String library, String what) {
        if (!ok) {
            throw new IllegalStateException("SELF-CHECK FAILED for " + library + ": " + what);
        }
    }
    /** A library's verification of {@code code} for key number {@code key} at the fixed time. */
    @FunctionalInterface
    interface CodeCheck {
        boolean accepts(int key, String code) throws Exception;
    }

    /**
     * Checks that a library accepts the right code, rejects the wrong one, and accepts exactly the codes of the
     * drifts {@code minDrift..maxDrift} among -2..+2, on a sample of the pool.
     *
     * @return a one-line description of what was proven
     */
    static String checkVerify(String library, CodeCheck verifier, int minDrift, int maxDrift) {
        try {
            for (int k = 0; k < POOL; k += 97) {
                check(verifier.accepts(k, RIGHT[k]), library, "accepts the right code, key " + k);
                check(!verifier.accepts(k, WRONG[k]), library, "rejects a wrong code, key " + k);
                for (int d = -2; d <= 2; d++) {
                    String code = sixDigits(reference(KEYS[k], STEP + d, 6));
                    boolean expected = d >= minDrift && d <= maxDrift;
                    check(verifier.accepts(k, code) == expected, library,
                            (expected ? "accepts" : "rejects") + " the code of drift " + d + ", key " + k);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("SELF-CHECK FAILED for " + library + ": " + e, e);
        }
        return "accepts right, rejects wrong, window " + minDrift + ".." + (maxDrift > 0 ? "+" : "") + maxDrift;
    }
}
