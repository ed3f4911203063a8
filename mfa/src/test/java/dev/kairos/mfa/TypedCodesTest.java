package dev.kairos.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.HmacAlgorithm;
import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.core.TotpVerifier;
import dev.kairos.core.Verification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pre-filter agrees exactly with the core verifier's normalisation, for every digit count from 6 to 10. */
class TypedCodesTest {

    private static final TotpVerifier VERIFIER = TotpVerifier.builder()
            .clock(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC)).withoutReplayGuard().build();
    private static final Secret SECRET = Secret.generate();

    /** Whether the core verifier reads {@code code} as a code of some length from 6 to 10 digits. */
    private static boolean coreReadsIt(String code) {
        for (int digits = 6; digits <= 10; digits++) {
            Totp totp = Totp.of(SECRET, TotpParameters.of(HmacAlgorithm.SHA1, digits, Duration.ofSeconds(30)));
            Verification v = VERIFIER.verifyAfter(totp, code, -1);
            if (!v.equals(Verification.Rejected.of(Verification.Reason.MALFORMED))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void agreesWithTheCoreVerifierOnTenThousandRandomInputs() {
        // ASCII, full-width, Arabic-Indic and Persian digits, the two separators, and look-alikes that are not.
        char[] alphabet = "0123456789 -\uff10\uff11\uff19\u0660\u0661\u06f1\u06f4\u0967\u00a0\u2013a.+\u00b2"
                .toCharArray();
        Random random = new Random(20261130L);
        int codes = 0;
        for (int i = 0; i < 10_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = 5 + random.nextInt(16);
            // Mostly one script, so that many inputs are codes; sometimes anything.
            boolean anything = random.nextInt(4) == 0;
            char zero = new char[] {'0', '\uff10', '\u0660', '\u06f0'}[random.nextInt(4)];
            for (int j = 0; j < length; j++) {
                int r = random.nextInt(10);
                sb.append(anything ? alphabet[random.nextInt(alphabet.length)]
                        : r < 8 ? (char) (zero + random.nextInt(10)) : r == 8 ? ' ' : '-');
            }
            String input = sb.toString();
            boolean core = coreReadsIt(input);
            codes += core ? 1 : 0;
            assertEquals(core, TypedCodes.mayBeCode(input), "'" + input + "'");
        }
        assertTrue(codes > 1_000, codes + " of the inputs were codes");
    }

    @Test
    void acceptsWhatPeopleTypeAndRefusesTheRest() {
        assertTrue(TypedCodes.mayBeCode("123 456"));
        assertTrue(TypedCodes.mayBeCode("123-456"));
        assertTrue(TypedCodes.mayBeCode("\u0661\u0662\u0663\u0664\u0665\u0666"));
        assertTrue(TypedCodes.mayBeCode("\uff11\uff12\uff13 \uff14\uff15\uff16"));
        assertTrue(TypedCodes.mayBeCode("1-2-3-4-5-6-7-8-9-0"));
        assertFalse(TypedCodes.mayBeCode("123\uff14\uff15\uff16"));
        assertTrue(TypedCodes.mayBeCode(" 123456 \n")); // white space around a paste is forgiven (core's rule)
        assertFalse(TypedCodes.mayBeCode("123456- "));
        assertFalse(TypedCodes.mayBeCode("123--456"));
        assertFalse(TypedCodes.mayBeCode("12345678901"));
        assertFalse(TypedCodes.mayBeCode(null));
    }
}
