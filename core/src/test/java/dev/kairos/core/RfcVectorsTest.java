package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The test vectors of RFC 4226 Appendix D and RFC 6238 Appendix B, copied from the RFC text (and checked against
 * it: rfc-editor.org/rfc/rfc4226#appendix-D, rfc-editor.org/rfc/rfc6238#appendix-B).
 */
class RfcVectorsTest {

    /** RFC 4226 Appendix D and RFC 6238 Appendix B (SHA1): the 20 ASCII bytes "12345678901234567890". */
    private static final Secret SHA1_SEED = ascii("12345678901234567890");
    /** RFC 6238 Appendix B, SHA256: 32 bytes (the reference code's seed32). */
    private static final Secret SHA256_SEED = ascii("12345678901234567890123456789012");
    /** RFC 6238 Appendix B, SHA512: 64 bytes (the reference code's seed64). */
    private static final Secret SHA512_SEED =
            ascii("1234567890123456789012345678901234567890123456789012345678901234");

    private static Secret ascii(String s) {
        return Secret.fromBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static Secret seedFor(HmacAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA1 -> SHA1_SEED;
            case SHA256 -> SHA256_SEED;
            case SHA512 -> SHA512_SEED;
        };
    }

    /** RFC 4226 Appendix D, Table 2 (the truncated value) and the 6-digit HOTP of each count. */
    @ParameterizedTest(name = "count {0}: HOTP {2}")
    @CsvSource({
        "0, 1284755224, 755224",
        "1, 1094287082, 287082",
        "2, 137359152, 359152",
        "3, 1726969429, 969429",
        "4, 1640338314, 338314",
        "5, 868254676, 254676",
        "6, 1918287922, 287922",
        "7, 82162583, 162583",
        "8, 673399871, 399871",
        "9, 645520489, 520489",
    })
    void hotpMatchesEveryRfc4226AppendixDVector(long count, long truncated, String hotp) {
        assertEquals(hotp, Hotp.of(SHA1_SEED, HmacAlgorithm.SHA1, 6).code(count));
        // With 10 digits the modulus 10^10 exceeds every 31-bit value, so the code is the truncated value itself.
        assertEquals(String.format(Locale.ROOT, "%010d", truncated), Hotp.of(SHA1_SEED, HmacAlgorithm.SHA1, 10).code(count));
    }

    /** RFC 6238 Appendix B: time (s), T (hex), TOTP, mode; X = 30, T0 = 0, 8 digits. */
    @ParameterizedTest(name = "{3} at {0}: T={1}, TOTP {2}")
    @CsvSource({
        "59,          0000000000000001, 94287082, SHA1",
        "59,          0000000000000001, 46119246, SHA256",
        "59,          0000000000000001, 90693936, SHA512",
        "1111111109,  00000000023523EC, 07081804, SHA1",
        "1111111109,  00000000023523EC, 68084774, SHA256",
        "1111111109,  00000000023523EC, 25091201, SHA512",
        "1111111111,  00000000023523ED, 14050471, SHA1",
        "1111111111,  00000000023523ED, 67062674, SHA256",
        "1111111111,  00000000023523ED, 99943326, SHA512",
        "1234567890,  000000000273EF07, 89005924, SHA1",
        "1234567890,  000000000273EF07, 91819424, SHA256",
        "1234567890,  000000000273EF07, 93441116, SHA512",
        "2000000000,  0000000003F940AA, 69279037, SHA1",
        "2000000000,  0000000003F940AA, 90698825, SHA256",
        "2000000000,  0000000003F940AA, 38618901, SHA512",
        "20000000000, 0000000027BC86AA, 65353130, SHA1",
        "20000000000, 0000000027BC86AA, 77737706, SHA256",
        "20000000000, 0000000027BC86AA, 47863826, SHA512",
    })
    void totpMatchesEveryRfc6238AppendixBVector(long unixTime, String timeStepHex, String totp,
            HmacAlgorithm algorithm) {
        Totp generator = Totp.of(seedFor(algorithm), TotpParameters.of(algorithm, 8, Duration.ofSeconds(30)));
        Instant at = Instant.ofEpochSecond(unixTime);

        assertEquals(Long.parseLong(timeStepHex, 16), generator.timeStep(at));
        assertEquals(totp, generator.codeAt(at));
        assertEquals(totp, generator.codeForStep(Long.parseLong(timeStepHex, 16)));
        assertEquals(totp, Hotp.of(seedFor(algorithm), algorithm, 8).code(Long.parseLong(timeStepHex, 16)));
    }
}
