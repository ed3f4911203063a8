package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OtpAuthUriTest {

    static final String BASE32 = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    static final Secret SECRET = Secret.fromBase32(BASE32);

    @Test
    void writesTheDesignExampleWithEveryParameterSpelledOut() {
        OtpAuthUri uri = OtpAuthUri.totp(SECRET, TotpParameters.defaults())
                .issuer("ACME Corp").account("alice@acme.test");
        assertEquals("otpauth://totp/ACME%20Corp:alice%40acme.test?secret=" + BASE32
                + "&issuer=ACME%20Corp&algorithm=SHA1&digits=6&period=30", uri.toUriString());
    }

    @Test
    void writesAnHotpUriWithItsCounter() {
        OtpAuthUri uri = OtpAuthUri.hotp(SECRET, HmacAlgorithm.SHA512, 8, 42).account("bob");
        assertEquals("otpauth://hotp/bob?secret=" + BASE32 + "&algorithm=SHA512&digits=8&counter=42",
                uri.toUriString());
        assertEquals(OtpAuthUri.Type.HOTP, uri.type());
        assertEquals(OptionalLong.of(42), uri.counter());
        assertEquals(Optional.empty(), uri.period());
        assertEquals(Optional.empty(), uri.totpParameters());
        assertEquals(Optional.empty(), uri.issuer());
    }

    @Test
    void percentEncodesSpacesPlusSemicolonsAndUnicodeAsRfc3986Says() {
        OtpAuthUri uri = OtpAuthUri.totp(SECRET, TotpParameters.defaults())
                .issuer("Ünïcode; A+B & C/D 100%").account("jürgen;😀@x");
        String text = uri.toUriString();
        assertTrue(text.startsWith("otpauth://totp/%C3%9Cn%C3%AFcode%3B%20A%2BB%20%26%20C%2FD%20100%25:"
                + "j%C3%BCrgen%3B%F0%9F%98%80%40x?"), text);
        assertFalse(text.contains("+"), text);
        assertFalse(text.contains(" "), text);
        assertTrue(text.chars().allMatch(c -> c < 128), text);
        assertEquals(uri, OtpAuthUri.parse(text));
    }

    @Test
    void readsTheAccessorsBack() {
        TotpParameters params = TotpParameters.of(HmacAlgorithm.SHA256, 8, Duration.ofSeconds(60));
        OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/ACME%20Corp:alice%40acme.test?secret=" + BASE32
                + "&issuer=ACME%20Corp&algorithm=SHA256&digits=8&period=60&image=https%3A%2F%2Facme.test%2Flogo.png");
        assertEquals(OtpAuthUri.Type.TOTP, uri.type());
        assertEquals(SECRET, uri.secret());
        assertEquals(Optional.of("ACME Corp"), uri.issuer());
        assertEquals("alice@acme.test", uri.account());
        assertEquals(HmacAlgorithm.SHA256, uri.algorithm());
        assertEquals(8, uri.digits());
        assertEquals(Optional.of(Duration.ofSeconds(60)), uri.period());
        assertEquals(OptionalLong.empty(), uri.counter());
        assertEquals(Optional.of(params), uri.totpParameters());
        assertEquals(Map.of("image", "https://acme.test/logo.png"), uri.extraParameters());
        assertEquals("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP", uri.manualEntryKey());
    }

    @Test
    void takesTheDefaultsWhenAlgorithmDigitsAndPeriodAreLeftOut() {
        OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/alice?secret=" + BASE32);
        assertEquals(Optional.of(TotpParameters.defaults()), uri.totpParameters());
        assertEquals(OtpAuthUri.totp(SECRET, TotpParameters.defaults()).account("alice"), uri);
    }

    @Test
    void readsPlusAsSpaceInTheQueryButAsPlusInTheLabel() {
        OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/ACME%20Corp:a+b@x.test?secret=" + BASE32
                + "&issuer=ACME+Corp&note=1+1");
        assertEquals(Optional.of("ACME Corp"), uri.issuer());
        assertEquals("a+b@x.test", uri.account());
        assertEquals(Map.of("note", "1 1"), uri.extraParameters());
        assertEquals(Optional.of("A+B"), OtpAuthUri.parse(
                "otpauth://totp/A+B:x?secret=" + BASE32 + "&issuer=A%2BB").issuer());
    }

    @Test
    void takesTheIssuerFromTheLabelOrTheParameterAlone() {
        assertEquals(Optional.of("ACME"), OtpAuthUri.parse("otpauth://totp/ACME:alice?secret=" + BASE32).issuer());
        OtpAuthUri onlyParameter = OtpAuthUri.parse("otpauth://totp/alice?secret=" + BASE32 + "&issuer=ACME");
        assertEquals(Optional.of("ACME"), onlyParameter.issuer());
        assertEquals("alice", onlyParameter.account());
    }

    @Test
    void splitsALabelWhoseSeparatorIsPercentEncodedWhenTheIssuerParameterMatches() {
        OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/ACME%3Aalice?secret=" + BASE32 + "&issuer=ACME");
        assertEquals("alice", uri.account());
        // Without the issuer parameter the whole label would be the account, and an account has no colon.
        InvalidOtpAuthUriException e = assertThrows(InvalidOtpAuthUriException.class,
                () -> OtpAuthUri.parse("otpauth://totp/ACME%3Aalice?secret=" + BASE32));
        assertTrue(e.getMessage().contains("account") && e.getMessage().contains("':'"), e.getMessage());
    }

    @Test
    void skipsSpacesAfterTheLabelSeparator() {
        assertEquals("alice", OtpAuthUri.parse("otpauth://totp/ACME:%20%20alice?secret=" + BASE32).account());
    }

    @Test
    void acceptsUpperCaseSchemeAndTypeAndParameterNamesAndLowerCasePaddedSecrets() {
        OtpAuthUri uri = OtpAuthUri.parse("OTPAUTH://TOTP/alice?SECRET=" + BASE32.toLowerCase() + "%3D%3D"
                + "&Algorithm=sha256&DIGITS=7");
        assertEquals(SECRET, uri.secret());
        assertEquals(HmacAlgorithm.SHA256, uri.algorithm());
        assertEquals(7, uri.digits());
    }

    @Test
    void keepsUnknownParametersInOrderAndWritesThemBack() {
        OtpAuthUri uri = OtpAuthUri.totp(SECRET, TotpParameters.defaults()).issuer("ACME")
                .parameter("image", "https://acme.test/a b.png").parameter("color", "#ff0000").account("a");
        assertTrue(uri.toUriString().endsWith("&period=30&image=https%3A%2F%2Facme.test%2Fa%20b.png&color=%23ff0000"),
                uri.toUriString());
        assertEquals(uri, OtpAuthUri.parse(uri.toUriString()));
        assertEquals(java.util.List.of("image", "color"), java.util.List.copyOf(uri.extraParameters().keySet()));
    }

    @Test
    void redactsTheSecretForLogs() {
        OtpAuthUri uri = OtpAuthUri.totp(SECRET, TotpParameters.defaults()).issuer("ACME").account("a");
        assertEquals("otpauth://totp/ACME:a?secret=<redacted>&issuer=ACME&algorithm=SHA1&digits=6&period=30",
                uri.toRedactedString());
        assertFalse(uri.toRedactedString().contains(BASE32.substring(0, 8)));
    }

    @Test
    void comparesEveryPart() {
        OtpAuthUri a = OtpAuthUri.totp(SECRET, TotpParameters.defaults()).issuer("ACME").account("a");
        assertEquals(a, OtpAuthUri.totp(Secret.fromBase32(BASE32), TotpParameters.defaults()).issuer("ACME")
                .account("a"));
        assertEquals(a.hashCode(), OtpAuthUri.parse(a.toUriString()).hashCode());
        assertNotEquals(a, OtpAuthUri.totp(SECRET, TotpParameters.defaults()).account("a"));
        assertNotEquals(a, OtpAuthUri.totp(SECRET, TotpParameters.defaults()).issuer("ACME").account("b"));
        assertNotEquals(a, OtpAuthUri.totp(Secret.generate(), TotpParameters.defaults()).issuer("ACME").account("a"));
        assertNotEquals(a, OtpAuthUri.totp(SECRET, TotpParameters.defaults().withDigits(8)).issuer("ACME")
                .account("a"));
        assertNotEquals(a, OtpAuthUri.hotp(SECRET, HmacAlgorithm.SHA1, 6, 0).issuer("ACME").account("a"));
    }

    @Test
    void refusesToBuildWhatTheFormatCannotCarry() {
        TotpParameters shifted = new TotpParameters(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30),
                Instant.ofEpochSecond(100));
        assertTrue(assertThrows(InvalidOtpAuthUriException.class, () -> OtpAuthUri.totp(SECRET, shifted))
                .getMessage().contains("epoch"));
        OtpAuthUri.Builder b = OtpAuthUri.totp(SECRET, TotpParameters.defaults());
        assertThrows(InvalidOtpAuthUriException.class, () -> b.account(""));
        assertThrows(InvalidOtpAuthUriException.class, () -> b.account(" alice"));
        assertThrows(InvalidOtpAuthUriException.class, () -> b.account("alice\n"));
        assertThrows(InvalidOtpAuthUriException.class, () -> b.issuer("ACME "));
        assertThrows(InvalidOtpAuthUriException.class, () -> b.issuer("\uD800x"));
        assertThrows(InvalidOtpAuthUriException.class, () -> b.parameter("secret", "x"));
        assertThrows(InvalidOtpAuthUriException.class, () -> b.parameter("Period", "x"));
        assertThrows(InvalidOtpAuthUriException.class, () -> b.parameter("a b", "x"));
        assertThrows(NullPointerException.class, () -> b.account(null));
        assertThrows(InvalidOtpParametersException.class, () -> OtpAuthUri.hotp(SECRET, HmacAlgorithm.SHA1, 6, -1));
        assertThrows(InvalidOtpParametersException.class, () -> OtpAuthUri.hotp(SECRET, HmacAlgorithm.SHA1, 5, 0));
    }

    @Test
    void neverShowsTheSecretInTheBuilderDescription() {
        assertEquals("OtpAuthUri.Builder[totp, issuer=ACME]",
                OtpAuthUri.totp(SECRET, TotpParameters.defaults()).issuer("ACME").toString());
    }
}
