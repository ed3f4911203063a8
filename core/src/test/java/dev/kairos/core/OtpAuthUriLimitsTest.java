package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The size caps of {@link OtpAuthUri}: {@link OtpAuthUri#MAX_URI_LENGTH} characters and
 * {@link OtpAuthUri#MAX_PARAMETERS} query parameters, read at the cap and refused one past it, by the parser and
 * the builder alike. No timing is asserted: the caps bound the work, and the parser finds duplicates by hash.
 */
class OtpAuthUriLimitsTest {

    private static final String BASE32 = OtpAuthUriTest.BASE32;
    private static final String HEAD = "otpauth://totp/ACME:alice?secret=" + BASE32;

    /** A valid URI of exactly {@code length} characters: HEAD and one extra parameter that fills the rest. */
    private static String uriOfLength(int length) {
        String prefix = HEAD + "&pad=";
        return prefix + "x".repeat(length - prefix.length());
    }

    /** A valid URI with exactly {@code count} query parameters: the secret and {@code count - 1} extras. */
    private static String uriWithParameters(int count) {
        StringBuilder sb = new StringBuilder(HEAD);
        for (int i = 1; i < count; i++) {
            sb.append("&p").append(i).append('=').append(i);
        }
        return sb.toString();
    }

    @Test
    void parseReadsAUriOfExactlyTheMaximumLength() {
        String text = uriOfLength(OtpAuthUri.MAX_URI_LENGTH);

        assertEquals(4096, text.length());
        assertEquals("alice", OtpAuthUri.parse(text).account());
    }

    @Test
    void parseRefusesAUriOneCharacterLongerWithoutEchoingTheSecret() {
        String text = uriOfLength(OtpAuthUri.MAX_URI_LENGTH + 1);

        InvalidOtpAuthUriException e = assertThrows(InvalidOtpAuthUriException.class, () -> OtpAuthUri.parse(text));
        assertTrue(e.getMessage().contains("4097") && e.getMessage().contains("4096"), e.getMessage());
        assertFalse(e.getMessage().contains(BASE32.substring(0, 8)), e.getMessage());
    }

    @Test
    void parseReadsExactlyTheMaximumNumberOfParameters() {
        OtpAuthUri uri = OtpAuthUri.parse(uriWithParameters(OtpAuthUri.MAX_PARAMETERS));

        assertEquals(OtpAuthUri.MAX_PARAMETERS - 1, uri.extraParameters().size());
    }

    @Test
    void parseRefusesOneParameterMore() {
        InvalidOtpAuthUriException e = assertThrows(InvalidOtpAuthUriException.class,
                () -> OtpAuthUri.parse(uriWithParameters(OtpAuthUri.MAX_PARAMETERS + 1)));

        assertTrue(e.getMessage().contains("65") && e.getMessage().contains("64"), e.getMessage());
    }

    @Test
    void parseRefusesTwentyThousandUnknownParametersByTheCapsWithoutEchoingTheSecret() {
        // The input that used to take seconds (each name compared with every earlier one).
        StringBuilder sb = new StringBuilder(HEAD);
        for (int i = 0; i < 20_000; i++) {
            sb.append("&x").append(i).append("=1");
        }

        InvalidOtpAuthUriException e = assertThrows(InvalidOtpAuthUriException.class,
                () -> OtpAuthUri.parse(sb.toString()));
        assertFalse(e.getMessage().contains(BASE32.substring(0, 8)), e.getMessage());
    }

    @Test
    void parseStillFindsADuplicateExtraParameterWhateverItsCase() {
        InvalidOtpAuthUriException e = assertThrows(InvalidOtpAuthUriException.class,
                () -> OtpAuthUri.parse(HEAD + "&a=1&image=x&b=2&IMAGE=y"));

        assertTrue(e.getMessage().contains("duplicate parameter 'IMAGE'"), e.getMessage());
    }

    @Test
    void theBuilderMakesAtMostTheMaximumNumberOfParameters() {
        OtpAuthUri.Builder b = OtpAuthUri.totp(OtpAuthUriTest.SECRET, TotpParameters.defaults());
        // secret, algorithm, digits and period are always written: 60 extras make 64.
        for (int i = 0; i < OtpAuthUri.MAX_PARAMETERS - 4; i++) {
            b = b.parameter("p" + i, "v");
        }
        OtpAuthUri.Builder full = b;

        assertEquals(OtpAuthUri.MAX_PARAMETERS - 4, full.account("alice").extraParameters().size());
        assertEquals(full.account("alice"), OtpAuthUri.parse(full.account("alice").toUriString()));
        assertThrows(InvalidOtpAuthUriException.class, () -> full.parameter("one-more", "v"));
        // An issuer is written as a parameter too: one over the cap, refused when the URI is finished.
        OtpAuthUri.Builder withIssuer = full.issuer("ACME");
        assertThrows(InvalidOtpAuthUriException.class, () -> withIssuer.account("alice"));
    }

    @Test
    void theBuilderRefusesAUriLongerThanTheParserReads() {
        // 256 emoji: within the label cap, but 12 characters each once percent-encoded.
        String emoji = "\uD83D\uDE00".repeat(OtpAuthUri.MAX_LABEL_LENGTH);
        OtpAuthUri.checkAccount(emoji);
        OtpAuthUri.Builder b = OtpAuthUri.totp(OtpAuthUriTest.SECRET, TotpParameters.defaults()).issuer(emoji);

        InvalidOtpAuthUriException e = assertThrows(InvalidOtpAuthUriException.class, () -> b.account(emoji));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
        // Alone, the same account fits, and reads back.
        OtpAuthUri alone = OtpAuthUri.totp(OtpAuthUriTest.SECRET, TotpParameters.defaults()).account(emoji);
        assertEquals(alone, OtpAuthUri.parse(alone.toUriString()));
    }
}
