package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Behaviour that PIT showed no other test pinned down (docs/mutation-testing.md): the exact positions and sizes in
 * error messages, bad input at the very end of a text, the checks that run only on the builder path, and the
 * descriptions of the value types.
 */
class CoreMutationGapsTest {

    private static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static final String PREFIX = "otpauth://totp/ACME:alice?secret=" + SECRET;

    private static String parseError(String text) {
        return assertThrows(InvalidOtpAuthUriException.class, () -> OtpAuthUri.parse(text)).getMessage();
    }

    private static String base32Error(String text) {
        return assertThrows(InvalidSecretException.class, () -> Secret.fromBase32(text)).getMessage();
    }

    private static OtpAuthUri.Builder builder() {
        return OtpAuthUri.totp(Secret.fromBase32(SECRET), TotpParameters.defaults());
    }

    // --- OtpAuthUri.parse: messages that say exactly what and where --------------------------------------------

    @Test
    void aTextStartingWithAColonIsNotAUriAtAll() {
        assertTrue(parseError(":otpauth//totp/a?secret=" + SECRET).startsWith("not a URI"));
    }

    @Test
    void aUriThatEndsAfterItsTypeIsMissingItsLabel() {
        assertTrue(parseError("otpauth://totp").startsWith("missing label"));
    }

    @Test
    void anEmptyLabelIsReportedAsAnEmptyLabelNotAsAMissingAccount() {
        assertTrue(parseError("otpauth://totp/?secret=" + SECRET).contains("the label between 'totp/' and '?'"));
    }

    @Test
    void aQuestionMarkWithNothingAfterItIsAnEmptyQuery() {
        assertEquals("empty query: the secret parameter is required", parseError("otpauth://totp/ACME:alice?"));
    }

    @Test
    void aTrailingAmpersandIsAnEmptyQueryParameter() {
        assertTrue(parseError(PREFIX + "&").startsWith("empty query parameter at position " + (PREFIX.length() + 2)));
    }

    @Test
    void aPlusInAParameterValueIsASpaceEvenWithoutPercentEncoding() {
        assertEquals("a b", OtpAuthUri.parse(PREFIX + "&image=a+b").extraParameters().get("image"));
        assertEquals("ACME Corp", OtpAuthUri.parse("otpauth://totp/alice?secret=" + SECRET + "&issuer=ACME+Corp")
                .issuer().orElseThrow());
    }

    @Test
    void anEmptyIssuerParameterIsToldToBeLeftOut() {
        assertTrue(parseError(PREFIX + "&issuer=").contains("leave it out"));
    }

    @Test
    void aLabelStartingWithAColonHasAnEmptyIssuerPrefix() {
        assertTrue(parseError("otpauth://totp/:alice?secret=" + SECRET).contains("the label starts with ':'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%01ACME", "%20ACME", "ACME%C2%A0"})
    void aLabelIssuerPrefixWithAControlCharacterOrOuterWhitespaceIsRefused(String prefix) {
        String message = parseError("otpauth://totp/" + prefix + ":alice?secret=" + SECRET);
        assertTrue(message.startsWith("label issuer prefix"), message);
    }

    @Test
    void aParameterWithoutEqualsSignIsReportedEvenIfALaterOneHasOne() {
        assertEquals("parameter 'foo' at position " + (PREFIX.length() + 2) + " has no '=': expected name=value",
                parseError(PREFIX + "&foo&bar=1"));
    }

    @Test
    void anEmptyQueryParameterGivesItsPosition() {
        assertTrue(parseError(PREFIX + "&&digits=6")
                .startsWith("empty query parameter at position " + (PREFIX.length() + 2) + ":"));
    }

    @Test
    void aParameterWithAnEmptyNameGivesItsPosition() {
        assertEquals("parameter at position " + (PREFIX.length() + 2) + " has an empty name",
                parseError(PREFIX + "&=1"));
    }

    @Test
    void anExtraParameterWhoseValueDecodesToAControlCharacterIsRefused() {
        assertTrue(parseError(PREFIX + "&image=a%07b").contains("control character (U+0007) at position 2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%4", "a%", "a%4"})
    void aPercentSignCutOffAtTheVeryEndOfTheUriIsMalformedPercentEncoding(String value) {
        String text = PREFIX + "&image=" + value;
        int percentAt = text.lastIndexOf('%') + 1;
        assertEquals("parameter 'image': malformed percent-encoding at position " + percentAt
                + ": '%' must be followed by two hex digits", parseError(text));
    }

    @Test
    void aPercentSignCutOffAtTheEndOfTheLabelIsMalformedPercentEncoding() {
        String message = parseError("otpauth://totp/ACME:ali%4?secret=" + SECRET);
        assertTrue(message.startsWith("account: malformed percent-encoding at position 24:"), message);
    }

    @Test
    void percentEncodingAfterALetterThatIsNotHexDecodesTheTwoHexDigitsThatFollowIt() {
        assertEquals("x A", OtpAuthUri.parse(PREFIX + "&image=x%20A").extraParameters().get("image"));
        assertEquals("zA", OtpAuthUri.parse("otpauth://totp/ACME:z%41?secret=" + SECRET).account());
    }

    @Test
    void anUnknownTypeUpToTwentyFourCharactersIsQuotedAndALongerOneOnlyCounted() {
        String shortType = "x".repeat(24);
        String longType = "x".repeat(25);
        assertTrue(parseError("otpauth://" + shortType + "/a?secret=" + SECRET).contains("'" + shortType + "'"));
        assertTrue(parseError("otpauth://" + longType + "/a?secret=" + SECRET).contains("(25 characters)"));
    }

    // --- OtpAuthUri.Builder: the checks of the builder path --------------------------------------------------

    @Test
    void theBuilderRefusesAnExtraParameterWithAnEmptyName() {
        assertThrows(InvalidOtpAuthUriException.class, () -> builder().parameter("", "v"));
    }

    @Test
    void theBuilderRefusesAnExtraParameterValueWithAControlCharacter() {
        assertThrows(InvalidOtpAuthUriException.class, () -> builder().parameter("image", "a\u0000"));
    }

    @Test
    void aLoneHighSurrogateAtTheEndOfAValueIsNotWellFormedUnicode() {
        String message = assertThrows(InvalidOtpAuthUriException.class,
                () -> builder().parameter("image", "ab\uD83D")).getMessage();
        assertTrue(message.endsWith("lone surrogate at position 3"), message);
    }

    @Test
    void aSurrogatePairIsOneCharacterAndALoneLowSurrogateIsRefusedWithItsPosition() {
        assertEquals("a\uD83D\uDE00", builder().parameter("image", "a\uD83D\uDE00").account("x").extraParameters()
                .get("image"));
        String message = assertThrows(InvalidOtpAuthUriException.class,
                () -> builder().parameter("image", "a\uD83D\uDE00\uDE00")).getMessage();
        assertTrue(message.endsWith("lone surrogate at position 4"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0alice", "alice\u00A0", "\u2007alice", "alice\u3000"})
    void anAccountStartingOrEndingWithANonBreakingOrOtherUnicodeSpaceIsRefused(String account) {
        assertThrows(InvalidOtpAuthUriException.class, () -> builder().account(account));
    }

    @Test
    void aBuilderDescribesItsTypeAndOnlyAnIssuerThatWasSet() {
        assertEquals("OtpAuthUri.Builder[totp]", builder().toString());
        assertEquals("OtpAuthUri.Builder[totp, issuer=ACME]", builder().issuer("ACME").toString());
    }

    // --- OtpAuthUri equality ----------------------------------------------------------------------------------

    @Test
    void aUriEqualsItselfAndNothingThatIsNotAUri() {
        OtpAuthUri uri = builder().account("alice");
        assertTrue(uri.equals(uri));
        assertFalse(uri.equals(uri.toUriString()));
        assertFalse(uri.equals(null));
    }

    @Test
    void urisForDifferentAccountsHaveDifferentHashCodes() {
        assertNotEquals(builder().account("alice").hashCode(), builder().account("bob").hashCode());
        assertEquals(builder().account("alice").hashCode(), OtpAuthUri.parse(builder().account("alice").toUriString())
                .hashCode());
    }

    // --- Secret ----------------------------------------------------------------------------------------------

    @Test
    void aTooShortSecretIsMeasuredInBits() {
        assertTrue(assertThrows(InvalidSecretException.class, () -> Secret.fromBytes(new byte[15])).getMessage()
                .startsWith("secret too short: 120 bits;"));
        assertTrue(assertThrows(InvalidSecretException.class, () -> Secret.fromBytes(new byte[129])).getMessage()
                .startsWith("secret too long: 1032 bits;"));
    }

    @Test
    void base32OfOneHundredTwentyEightBytesIsAcceptedAndOfOneHundredTwentyNineRefused() {
        Secret largest = Secret.fromBytes(new byte[Secret.MAX_LENGTH]);
        assertEquals(largest, Secret.fromBase32(largest.toBase32()));
        String tooLong = Secret.fromBytes(new byte[Secret.MAX_LENGTH]).toBase32() + "AAAAAAAA";
        assertTrue(base32Error(tooLong).startsWith("secret too long: 1064 bits"));
    }

    @Test
    void base32OfSixteenBytesIsAcceptedAndOfFifteenRefused() {
        Secret smallest = Secret.fromBytes(new byte[Secret.MIN_LENGTH]);
        assertEquals(smallest, Secret.fromBase32(smallest.toBase32()));
        assertTrue(base32Error("A".repeat(24)).startsWith("secret too short: 120 bits"));
    }

    @Test
    void secretsOfDifferentLengthsHashDifferently() {
        // The hash depends on the length only (never on the key), but it does depend on it.
        assertNotEquals(Secret.fromBytes(new byte[16]).hashCode(), Secret.fromBytes(new byte[20]).hashCode());
    }

    @Test
    void paddingAtTheVeryStartIsMisplacedAndReportedAtPositionOne() {
        assertTrue(base32Error("=" + SECRET).contains("padding '=' at position 1 is followed by more data"));
        assertTrue(base32Error("==" + SECRET).contains("padding '=' at position 1 is followed by more data"));
    }

    // --- Descriptions that never show the secret ----------------------------------------------------------------

    @Test
    void generatorsVerifiersAndGuardsDescribeThemselvesWithoutTheSecret() {
        Secret secret = Secret.fromBytes("12345678901234567890".getBytes(StandardCharsets.US_ASCII));
        Hotp hotp = Hotp.of(secret, HmacAlgorithm.SHA256, 8);
        assertEquals("Hotp[SHA256, 8 digits]", hotp.toString());
        assertSame(secret, hotp.secret());
        assertEquals(HmacAlgorithm.SHA256, hotp.algorithm());
        assertEquals(8, hotp.digits());
        assertEquals("Totp[SHA1, 6 digits, PT30S]", Totp.of(secret, TotpParameters.defaults()).toString());

        ReplayGuard guard = ReplayGuard.inMemory();
        assertEquals("ReplayGuard.inMemory[0 credentials]", guard.toString());
        guard.tryAccept("alice", 1);
        assertEquals("ReplayGuard.inMemory[1 credentials]", guard.toString());

        Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        TotpVerifier verifier = TotpVerifier.builder().clock(clock).window(SkewWindow.of(2, 0)).replayGuard(guard)
                .build();
        assertEquals("TotpVerifier[window=SkewWindow[back=2, ahead=0], clock=" + clock
                + ", guard=ReplayGuard.inMemory[1 credentials]]", verifier.toString());
    }
}
