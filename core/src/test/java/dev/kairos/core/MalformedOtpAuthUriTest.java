package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A catalog of malformed Key URIs: each must throw {@link InvalidOtpAuthUriException} naming the wrong part. */
class MalformedOtpAuthUriTest {

    private static final String S = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static final String OK = "otpauth://totp/ACME:alice?secret=" + S;

    static Stream<Arguments> catalog() {
        return Stream.of(
                // scheme and type
                bad("", "not a URI"),
                bad("otpauth", "not a URI"),
                bad("http://totp/ACME:alice?secret=" + S, "wrong scheme 'http'"),
                bad("otpauth:totp/ACME:alice?secret=" + S, "expected '//' after 'otpauth:'"),
                bad("otpauth://totx/ACME:alice?secret=" + S, "unknown type 'totx'"),
                bad("otpauth:///ACME:alice?secret=" + S, "missing type"),
                // label
                bad("otpauth://totp?secret=" + S, "missing label"),
                bad("otpauth://totp/ACME:alice", "missing query"),
                bad("otpauth://totp/ACME:alice?", "empty query"),
                bad("otpauth://totp/?secret=" + S, "missing account"),
                bad("otpauth://totp/ACME:?secret=" + S, "missing account"),
                bad("otpauth://totp/ACME:%20?secret=" + S, "missing account"),
                bad("otpauth://totp/:alice?secret=" + S, "label issuer prefix is empty"),
                bad("otpauth://totp/ACME Corp:alice?secret=" + S, "character at position 20 is not allowed"),
                bad("otpauth://totp/ACME:jürgen?secret=" + S, "character at position 22 is not allowed"),
                bad("otpauth://totp/ACME:alice?secret=" + S + "#frag", "fragment ('#' at position 66)"),
                bad("otpauth://totp/AC%G1ME:alice?secret=" + S, "label issuer prefix: malformed percent-encoding"),
                bad("otpauth://totp/ACME:al%FFice?secret=" + S, "account: the percent-encoded bytes are not valid UTF-8"),
                bad("otpauth://totp/ACME:al%00ice?secret=" + S, "account has a control character (U+0000)"),
                bad("otpauth://totp/ACME:alice%20?secret=" + S, "account ends with whitespace"),
                // secret
                bad("otpauth://totp/ACME:alice?issuer=ACME", "missing secret parameter"),
                bad("otpauth://totp/ACME:alice?secret=", "secret parameter: invalid Base32 secret: it is empty"),
                bad("otpauth://totp/ACME:alice?secret=" + S.substring(0, 31) + "1",
                        "secret parameter: invalid Base32 secret: character at position 32"),
                bad("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP", "secret parameter: secret too short: 80 bits"),
                bad("otpauth://totp/ACME:alice?secret=" + S + "A", "secret parameter: invalid Base32 secret: 33 characters"),
                bad("otpauth://totp/ACME:alice?secret=" + S.substring(0, 8) + "%ZZ" + S.substring(8),
                        "secret parameter: malformed percent-encoding at position 42"),
                bad("otpauth://totp/ACME:alice?secret=" + S + "&secret=" + S, "duplicate secret parameter"),
                bad("otpauth://totp/ACME:alice?secret", "parameter 'secret' at position 27 has no '='"),
                // algorithm, digits, period, counter
                bad(OK + "&algorithm=MD5", "algorithm parameter 'MD5' is unknown: expected SHA1, SHA256 or SHA512"),
                bad(OK + "&algorithm=", "algorithm parameter '' is unknown"),
                bad(OK + "&algorithm=SHA1&ALGORITHM=SHA1", "duplicate algorithm parameter"),
                bad(OK + "&digits=5", "digits parameter must be a whole number from 6 to 10, got '5'"),
                bad(OK + "&digits=11", "digits parameter must be a whole number from 6 to 10, got '11'"),
                bad(OK + "&digits=six", "digits parameter must be a whole number from 6 to 10, got 'six'"),
                bad(OK + "&digits=%D9%A6", "digits parameter must be a whole number from 6 to 10"),
                bad(OK + "&digits=+6", "digits parameter must be a whole number from 6 to 10, got ' 6'"),
                bad(OK + "&digits=6&Digits=6", "duplicate digits parameter"),
                bad(OK + "&period=0", "period parameter must be a whole number from 1 to 86400, got '0'"),
                bad(OK + "&period=86401", "period parameter must be a whole number from 1 to 86400"),
                bad(OK + "&period=-30", "period parameter must be a whole number from 1 to 86400, got '-30'"),
                bad(OK + "&period=30s", "period parameter must be a whole number"),
                bad(OK + "&counter=0", "counter parameter is only for hotp URIs"),
                bad("otpauth://hotp/ACME:alice?secret=" + S, "missing counter parameter"),
                bad("otpauth://hotp/ACME:alice?secret=" + S + "&counter=-1", "counter parameter must be a whole number"),
                bad("otpauth://hotp/ACME:alice?secret=" + S + "&counter=99999999999999999999",
                        "counter parameter must be a whole number"),
                // 19 digits, one past Long.MAX_VALUE: found by OtpAuthUriFuzzTest (was a NumberFormatException)
                bad("otpauth://hotp/ACME:alice?secret=" + S + "&counter=9223372036854775808",
                        "counter parameter must be a whole number from 0 to 9223372036854775807"),
                bad(OK + "&period=9999999999999999999", "period parameter must be a whole number from 1 to 86400"),
                bad("otpauth://hotp/ACME:alice?secret=" + S + "&counter=0&period=30", "period parameter is only for totp"),
                // issuer
                bad(OK + "&issuer=Evil", "issuer parameter 'Evil' contradicts the label's issuer prefix 'ACME'"),
                bad(OK + "&issuer=acme", "contradicts the label's issuer prefix"),
                bad(OK + "&issuer=", "issuer parameter is empty"),
                bad("otpauth://totp/alice?secret=" + S + "&issuer=+ACME", "issuer parameter starts with whitespace"),
                bad(OK + "&issuer=ACME&issuer=ACME", "duplicate issuer parameter"),
                // query shape
                bad(OK + "&&digits=6", "empty query parameter at position"),
                bad(OK + "&", "empty query parameter at position"),
                bad(OK + "&=x", "has an empty name"),
                bad(OK + "&image=a&image=b", "duplicate parameter 'image'"),
                bad(OK + "&im%20age=a", "parameter name 'im age' may only have"));
    }

    private static Arguments bad(String uri, String fragment) {
        return Arguments.of(uri, fragment);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("catalog")
    void rejectsAMalformedUriWithAMessageNamingTheWrongPart(String uri, String fragment) {
        InvalidOtpAuthUriException e = assertThrows(InvalidOtpAuthUriException.class, () -> OtpAuthUri.parse(uri));
        assertTrue(e.getMessage().contains(fragment),
                () -> "expected the message to contain <" + fragment + "> but was <" + e.getMessage() + ">");
        assertNoSecretIn(uri, e);
    }

    @Test
    void theCatalogHasAtLeastTwentyEntries() {
        assertTrue(catalog().count() >= 20);
    }

    @Test
    void isAnIllegalArgumentException() {
        assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.parse("otpauth://totp/a?secret=x"));
    }

    /** Found by OtpAuthUriFuzzTest: the cause, from HmacAlgorithm.fromName, repeated the whole value. */
    @Test
    void echoesALongUnknownAlgorithmNowhereInTheCauseChain() {
        String value = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ2SHCRE";
        InvalidOtpAuthUriException e = assertThrows(InvalidOtpAuthUriException.class,
                () -> OtpAuthUri.parse(OK + "&algorithm=" + value));
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(value), t::toString);
        }
    }

    @Test
    void refusesNull() {
        assertThrows(NullPointerException.class, () -> OtpAuthUri.parse(null));
    }

    /** No piece of six or more characters of any secret value in the URI may show up in the message or its causes. */
    static void assertNoSecretIn(String uri, Throwable e) {
        Matcher m = Pattern.compile("(?i)secret=([^&#]*)").matcher(uri);
        while (m.find()) {
            String secret = m.group(1);
            for (Throwable t = e; t != null; t = t.getCause()) {
                String message = String.valueOf(t.getMessage());
                for (int i = 0; i + 6 <= secret.length(); i++) {
                    String piece = secret.substring(i, i + 6);
                    assertFalse(message.toUpperCase().contains(piece.toUpperCase()),
                            () -> "message <" + message + "> shows part of the secret");
                }
            }
        }
    }
}
