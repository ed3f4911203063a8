package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Codes as people type them ({@link TotpVerifier}, "Codes as people type them"): digits of any one script, with
 * single spaces or hyphens between digits, are the same code as its ASCII form; everything else is malformed.
 */
class CodesAsTypedTest {

    private static final Secret SECRET =
            Secret.fromBytes(HexFormat.of().parseHex("8f3a61c2d94e07b5a2c81f6e93d04b7a5c1e2f80"));
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_015L);
    private static final Totp TOTP = Totp.of(SECRET, TotpParameters.defaults());
    private static final String VALID = TOTP.codeAt(NOW);
    private static final Verification.Rejected MALFORMED = Verification.Rejected.of(Verification.Reason.MALFORMED);

    private static Verification verify(String code) {
        return TotpVerifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).withoutReplayGuard().build()
                .verifyAfter(TOTP, code, -1);
    }

    private static String inScript(String ascii, char zero) {
        char[] c = ascii.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= '0' && c[i] <= '9') {
                c[i] = (char) (zero + (c[i] - '0'));
            }
        }
        return new String(c);
    }

    @ParameterizedTest
    @ValueSource(chars = {'0', '\uff10', '\u0660', '\u06f0', '\u0966', '\u09e6', '\u0e50', '\u1040', '\u17e0'})
    void acceptsTheRightCodeInAnyOneScriptOfDecimalDigits(char zero) {
        assertEquals(new Verification.Accepted(TOTP.timeStep(NOW), 0), verify(inScript(VALID, zero)));
        assertEquals(new Verification.Accepted(TOTP.timeStep(NOW), 0),
                verify(inScript(VALID.substring(0, 3) + " " + VALID.substring(3), zero)));
    }

    @Test
    void acceptsSingleSpacesAndHyphensBetweenDigits() {
        Verification accepted = new Verification.Accepted(TOTP.timeStep(NOW), 0);
        assertEquals(accepted, verify(VALID.substring(0, 3) + " " + VALID.substring(3)));
        assertEquals(accepted, verify(VALID.substring(0, 3) + "-" + VALID.substring(3)));
        assertEquals(accepted, verify(String.join(" ", VALID.split(""))));
        assertEquals(accepted, verify(String.join("-", VALID.split(""))));
        assertEquals(accepted, verify(VALID.substring(0, 2) + "-" + VALID.substring(2, 4) + " " + VALID.substring(4)));
    }

    @Test
    void aWrongCodeInAnotherScriptIsWrongNotMalformed() {
        String wrong = VALID.equals("000000") ? "000001" : "000000";
        assertEquals(Verification.Rejected.of(Verification.Reason.WRONG_CODE), verify(inScript(wrong, '\u0660')));
    }

    @Test
    void refusesDigitsOfTwoScriptsInOneCodeAsMalformed() {
        // Every digit is right, but one keyboard layout types one script: a mix is a confusable trick.
        assertEquals(MALFORMED, verify(inScript(VALID.substring(0, 3), '\uff10') + VALID.substring(3)));
        assertEquals(MALFORMED, verify(inScript(VALID.substring(0, 3), '\u0660') + inScript(VALID.substring(3),
                '\u06f0')));
    }

    @Test
    void forgivesWhiteSpaceAroundACodeAsAPasteBringsIt() {
        Verification accepted = verify(VALID);
        assertEquals(Verification.Accepted.class, accepted.getClass());
        for (String pasted : new String[] {" " + VALID, VALID + " ", " " + VALID + " ", "\t" + VALID + "\r\n",
                "\u00a0" + VALID.substring(0, 3) + " " + VALID.substring(3) + "\u3000", " ".repeat(8) + VALID
                + " ".repeat(8)}) {
            assertEquals(accepted, verify(pasted), pasted);
            assertEquals(OtpEngine.parse(VALID, 6), OtpEngine.parse(pasted, 6), pasted);
        }
        // Bounded, and never a control character or a separator.
        assertEquals(-1, OtpEngine.parse(" ".repeat(9) + VALID + " ".repeat(8), 6));
        assertEquals(-1, OtpEngine.parse("\0" + VALID, 6));
        assertEquals(-1, OtpEngine.parse(" -" + VALID, 6));
        assertEquals(-1, OtpEngine.parse(VALID + "- ", 6));
    }

    @Test
    void refusesSeparatorsThatAreNotBetweenTwoDigits() {
        assertEquals(MALFORMED, verify("-" + VALID));
        assertEquals(MALFORMED, verify(VALID + "-"));
        assertEquals(MALFORMED, verify(VALID.substring(0, 3) + "  " + VALID.substring(3)));
        assertEquals(MALFORMED, verify(VALID.substring(0, 3) + " -" + VALID.substring(3)));
    }

    @Test
    void refusesOtherSeparatorsAndDigitLikeSymbols() {
        assertEquals(MALFORMED, verify(VALID.substring(0, 3) + "\u00a0" + VALID.substring(3)));
        assertEquals(MALFORMED, verify(VALID.substring(0, 3) + "." + VALID.substring(3)));
        assertEquals(MALFORMED, verify(VALID.substring(0, 3) + "_" + VALID.substring(3)));
        assertEquals(MALFORMED, verify("\u2460\u2461\u2462\u2463\u2464\u2465")); // circled digits: not Nd
        assertEquals(MALFORMED, verify("\u2160\u2161\u2162\u2163\u2164\u2165")); // Roman numerals: letters
    }

    @Test
    void readsTheValueWithoutRegardToScriptOrSeparators() {
        assertEquals(123456, OtpEngine.parse("\u0661\u0662\u0663-\u0664\u0665\u0666", 6));
        assertEquals(1234567890L, OtpEngine.parse("\uff11\uff12\uff13\uff14\uff15 \uff16\uff17\uff18\uff19\uff10", 10));
        assertEquals(-1, OtpEngine.parse("1 2 3 4 5 6 7", 6));
        assertEquals(-1, OtpEngine.parse("12345", 6));
    }
}
