package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RepairedOtpAuthUriTest {

    private static final String SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    private static void assertRepaired(String text, String repairMentions) {
        RepairedOtpAuthUri r = RepairedOtpAuthUri.parse(text);
        assertTrue(r.repairs().stream().anyMatch(x -> x.contains(repairMentions)), r.repairs().toString());
        assertThrows(InvalidOtpAuthUriException.class, () -> OtpAuthUri.parse(text), "strict parse stays strict");
        for (String repair : r.repairs()) {
            assertFalse(repair.contains(SECRET.substring(0, 8)), repair);
        }
    }

    @Test
    void aValidUriNeedsNoRepair() {
        String text = OtpAuthUri.totp(Secret.fromBase32(SECRET), TotpParameters.defaults()).issuer("ACME")
                .account("alice").toUriString();
        RepairedOtpAuthUri r = RepairedOtpAuthUri.parse(text);
        assertEquals(List.of(), r.repairs());
        assertEquals(OtpAuthUri.parse(text), r.uri());
    }

    @Test
    void repairsRawSpacesTrailingAmpersandsAndEmptyIssuers() {
        assertRepaired("otpauth://totp/ACME Corp:alice?secret=" + SECRET + "&issuer=ACME Corp", "raw spaces");
        assertEquals(Optional.of("ACME Corp"), RepairedOtpAuthUri.parse("otpauth://totp/ACME Corp:alice?secret="
                + SECRET + "&issuer=ACME Corp").uri().issuer());
        assertRepaired("otpauth://totp/ACME:alice?secret=" + SECRET + "&", "empty query parameters");
        assertRepaired("otpauth://totp/ACME:alice?secret=" + SECRET + "&&digits=6", "empty query parameters");
        assertRepaired("otpauth://totp/alice?secret=" + SECRET + "&issuer=", "empty issuer");
        assertEquals(Optional.empty(), RepairedOtpAuthUri.parse("otpauth://totp/alice?secret=" + SECRET
                + "&issuer=").uri().issuer());
    }

    @Test
    void repairsAHotpUriWithoutCounterAsCounterZero() {
        RepairedOtpAuthUri r = RepairedOtpAuthUri.parse("otpauth://hotp/ACME:token?secret=" + SECRET);
        assertEquals(OptionalLong.of(0), r.uri().counter());
        assertRepaired("otpauth://hotp/ACME:token?secret=" + SECRET, "counter 0");
    }

    @Test
    void readsAlgorithmsWrittenWithAHyphen() {
        assertEquals(HmacAlgorithm.SHA256, RepairedOtpAuthUri.parse("otpauth://totp/ACME:alice?secret=" + SECRET
                + "&algorithm=SHA-256").uri().algorithm());
        assertEquals(HmacAlgorithm.SHA256, RepairedOtpAuthUri.parse("otpauth://totp/ACME:alice?secret=" + SECRET
                + "&algorithm=sha256").uri().algorithm());
        assertRepaired("otpauth://totp/ACME:alice?secret=" + SECRET + "&algorithm=sha-512", "read as SHA512");
    }

    @Test
    void letsTheIssuerParameterWinOverADifferentLabelPrefix() {
        String text = "otpauth://totp/Old%20Name:alice?secret=" + SECRET + "&issuer=ACME";
        assertEquals(Optional.of("ACME"), RepairedOtpAuthUri.parse(text).uri().issuer());
        assertRepaired(text, "the parameter wins");
    }

    @Test
    void acceptsAnEightyBitSecretAsALegacyOneAndSaysSo() {
        String text = "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP";
        RepairedOtpAuthUri r = RepairedOtpAuthUri.parse(text);
        assertTrue(r.uri().secret().isLegacy());
        assertRepaired(text, "legacy secret");
    }

    @Test
    void refusesWhatCannotBeRepairedWithATypedErrorThatShowsNoSecret() {
        for (String text : List.of("otpauth://totp/ACME:alice?issuer=ACME", "otpauth://totp/ACME:alice?secret=JBSWY3DP",
                "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PX", "otpauth://steam/alice?secret=" + SECRET,
                "otpauth://totp/Steam:alice?secret=" + SECRET + "&encoder=steam", "http://example.com")) {
            InvalidOtpAuthUriException e = assertThrows(InvalidOtpAuthUriException.class,
                    () -> RepairedOtpAuthUri.parse(text), text);
            assertFalse(e.getMessage().contains("JBSWY3DP"), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET.substring(0, 8)), e.getMessage());
        }
    }

    @Test
    void refusesSteamGuardUrisRatherThanReadingThemAsSixDigitCodes() {
        String steam = "otpauth://totp/Steam:alice?secret=" + SECRET + "&issuer=Steam&encoder=steam";
        InvalidOtpAuthUriException e = assertThrows(InvalidOtpAuthUriException.class, () -> OtpAuthUri.parse(steam));
        assertTrue(e.getMessage().contains("steam"), e.getMessage());
        assertThrows(InvalidOtpAuthUriException.class, () -> OtpAuthUri.parse(steam.replace("encoder=steam",
                "Encoder=STEAM")));
        assertThrows(InvalidOtpAuthUriException.class, () -> OtpAuthUri.totp(Secret.fromBase32(SECRET),
                TotpParameters.defaults()).parameter("encoder", "steam"));
    }
}
