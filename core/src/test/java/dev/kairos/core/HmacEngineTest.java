package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The opt-in JCA engine gives the codes the built-in engine gives, on the RFC vectors and on random cases. */
class HmacEngineTest {

    private static final Provider SUN_JCE = Security.getProvider("SunJCE");
    private static final HmacEngine JCA = HmacEngine.jca(SUN_JCE);

    private static final byte[] K20 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K32 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K64 = "1234567890123456789012345678901234567890123456789012345678901234"
            .getBytes(StandardCharsets.US_ASCII);

    @Test
    void theJcaEngineGivesTheRfc4226AppendixDCodes() {
        String[] expected = {"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489"};
        // RFC 4226 keys are 160 bits; Secret wants at least 128, so the RFC key is used as it is.
        Hotp hotp = Hotp.of(Secret.fromBytes(K20), HmacAlgorithm.SHA1, 6, JCA);
        for (int counter = 0; counter < expected.length; counter++) {
            assertEquals(expected[counter], hotp.code(counter), "counter " + counter);
        }
    }

    @Test
    void theJcaEngineGivesTheRfc6238AppendixBCodes() {
        long[] times = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};
        String[][] codes = {
            {"94287082", "46119246", "90693936"}, {"07081804", "68084774", "25091201"},
            {"14050471", "67062674", "99943326"}, {"89005924", "91819424", "93441116"},
            {"69279037", "90698825", "38618901"}, {"65353130", "77737706", "47863826"},
        };
        byte[][] keys = {K20, K32, K64};
        for (int t = 0; t < times.length; t++) {
            for (HmacAlgorithm algorithm : HmacAlgorithm.values()) {
                TotpParameters p = TotpParameters.defaults().withDigits(8).withAlgorithm(algorithm);
                Totp jca = Totp.of(Secret.fromBytes(keys[algorithm.ordinal()]), p, JCA);
                assertEquals(codes[t][algorithm.ordinal()], jca.codeAt(Instant.ofEpochSecond(times[t])),
                        algorithm + " at " + times[t]);
            }
        }
    }

    @Property(tries = 300)
    void theJcaEngineAgreesWithTheBuiltInOneOnRandomKeysCountersAndLengths(
            @ForAll @Size(min = 16, max = 128) byte[] key, @ForAll HmacAlgorithm algorithm,
            @ForAll @IntRange(min = 6, max = 10) int digits, @ForAll @LongRange(min = 0) long counter) {
        Secret secret = Secret.fromBytes(key);
        assertEquals(Hotp.of(secret, algorithm, digits).code(counter),
                Hotp.of(secret, algorithm, digits, JCA).code(counter));
    }

    @Property(tries = 100)
    void aVerifierAcceptsTheSameCodesWhateverTheEngine(@ForAll @Size(min = 16, max = 64) byte[] key,
            @ForAll @IntRange(min = -1, max = 1) int drift) {
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        TotpVerifier verifier = TotpVerifier.builder().clock(Clock.fixed(now, ZoneOffset.UTC)).withoutReplayGuard()
                .build();
        Totp builtIn = Totp.of(Secret.fromBytes(key), TotpParameters.defaults());
        Totp jca = Totp.of(Secret.fromBytes(key), TotpParameters.defaults(), JCA);
        String code = builtIn.codeForStep(builtIn.timeStep(now) + drift);
        assertEquals(verifier.verifyAfter(builtIn, code, -1), verifier.verifyAfter(jca, code, -1));
    }

    @Test
    void theDefaultEngineIsTheBuiltInOne() {
        assertSame(HmacEngine.builtIn(), Totp.of(Secret.generate(), TotpParameters.defaults()).engine());
        assertSame(HmacEngine.builtIn(), Hotp.of(Secret.generate(), HmacAlgorithm.SHA1, 6).engine());
        assertSame(JCA, Totp.of(Secret.generate(), TotpParameters.defaults(), JCA).engine());
    }

    @Test
    void aProviderWithoutTheAlgorithmIsRefusedWhenTheGeneratorIsMade() {
        Provider onlySha1 = new Provider("OnlyHmacSha1", "1.0", "test: a Mac for HmacSHA1 only") {
            private static final long serialVersionUID = 1L;

            {
                putService(new Service(this, "Mac", "HmacSHA1", "com.sun.crypto.provider.HmacCore$HmacSHA1",
                        null, null));
            }
        };
        HmacEngine engine = HmacEngine.jca(onlySha1);
        assertTrue(engine.supports(HmacAlgorithm.SHA1));
        InvalidOtpParametersException e = assertThrows(InvalidOtpParametersException.class, () -> Totp.of(
                Secret.generate(), TotpParameters.defaults().withAlgorithm(HmacAlgorithm.SHA512), engine));
        assertTrue(e.getMessage().contains("HmacSHA512") && e.getMessage().contains("OnlyHmacSha1"), e.getMessage());
    }

    @Test
    void aProviderWithNoHmacAtAllIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HmacEngine.jca(Security.getProvider("SUN")));
        assertTrue(e.getMessage().contains("SUN"), e.getMessage());
        assertThrows(NullPointerException.class, () -> HmacEngine.jca(null));
        assertThrows(NullPointerException.class, () -> Totp.of(Secret.generate(), TotpParameters.defaults(), null));
    }
}
