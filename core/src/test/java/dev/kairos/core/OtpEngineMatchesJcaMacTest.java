package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** OtpEngine writes HMAC (RFC 2104) on MessageDigest for speed; it must agree with the JDK's Mac bit for bit. */
class OtpEngineMatchesJcaMacTest {

    @Test
    void agreesWithJcaMacForEveryAlgorithmKeyLengthAndCounter() throws Exception {
        SplittableRandom random = new SplittableRandom(2104);
        for (HmacAlgorithm algorithm : HmacAlgorithm.values()) {
            Mac mac = Mac.getInstance(algorithm.jcaName());
            // 16..128 bytes: shorter than, equal to and longer than the 64- or 128-byte hash block.
            for (int length = Secret.MIN_LENGTH; length <= Secret.MAX_LENGTH; length++) {
                byte[] key = new byte[length];
                random.nextBytes(key);
                Hotp hotp = Hotp.of(Secret.fromBytes(key), algorithm, 10);
                mac.init(new SecretKeySpec(key, algorithm.jcaName()));
                for (long counter : new long[] {0, 1, random.nextLong() >>> 1, Long.MAX_VALUE}) {
                    assertEquals(expected(mac, counter), hotp.value(counter),
                            algorithm + ", key of " + length + " bytes, counter " + counter);
                }
            }
        }
    }

    @Test
    void switchingBetweenKeysOnOneThreadGivesEachKeysOwnCode() {
        Totp a = Totp.of(Secret.fromBytes(new byte[20]), TotpParameters.defaults());
        Totp b = Totp.of(Secret.fromBytes("12345678901234567890".getBytes(StandardCharsets.US_ASCII)),
                TotpParameters.defaults().withDigits(8));
        String first = a.codeAt(Instant.ofEpochSecond(59));
        assertEquals("94287082", b.codeAt(Instant.ofEpochSecond(59)));
        assertEquals(first, a.codeAt(Instant.ofEpochSecond(59)));
        assertEquals("94287082", b.codeAt(Instant.ofEpochSecond(59)));
    }

    @Test
    void producesTheRfc6238AppendixBVectorsForSha256AndSha512() {
        byte[] k32 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
        byte[] k64 = "1234567890123456789012345678901234567890123456789012345678901234"
                .getBytes(StandardCharsets.US_ASCII);
        TotpParameters p = TotpParameters.defaults().withDigits(8);
        assertEquals("46119246", Totp.of(Secret.fromBytes(k32), p.withAlgorithm(HmacAlgorithm.SHA256))
                .codeAt(Instant.ofEpochSecond(59)));
        assertEquals("90693936", Totp.of(Secret.fromBytes(k64), p.withAlgorithm(HmacAlgorithm.SHA512))
                .codeAt(Instant.ofEpochSecond(59)));
        assertEquals("47863826", Totp.of(Secret.fromBytes(k64), p.withAlgorithm(HmacAlgorithm.SHA512))
                .codeAt(Instant.ofEpochSecond(20000000000L)));
    }

    private static long expected(Mac mac, long counter) {
        byte[] msg = new byte[8];
        for (int i = 7; i >= 0; i--) {
            msg[i] = (byte) counter;
            counter >>>= 8;
        }
        byte[] h = mac.doFinal(msg);
        int o = h[h.length - 1] & 0x0f;
        int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
        return bin % 10_000_000_000L;
    }
}
