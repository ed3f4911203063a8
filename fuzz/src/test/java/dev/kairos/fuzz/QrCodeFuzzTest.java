package dev.kairos.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.Decoder;
import dev.kairos.core.HmacAlgorithm;
import dev.kairos.core.InvalidOtpAuthUriException;
import dev.kairos.core.InvalidOtpParametersException;
import dev.kairos.core.OtpAuthUri;
import dev.kairos.core.Secret;
import dev.kairos.core.TotpParameters;
import dev.kairos.qr.QrCode;
import dev.kairos.qr.QrOptions;
import dev.kairos.qr.UriTooLongException;
import java.time.Duration;

/**
 * {@link QrCode#of(OtpAuthUri, QrOptions)} on URIs built or parsed from arbitrary issuers, accounts and
 * parameters, with arbitrary options: the code decodes (with zxing's own decoder) back to exactly
 * {@code uri.toUriString()}, renderings respect their documented ranges, and the only exceptions are the documented
 * ones, none of which shows the secret.
 */
class QrCodeFuzzTest {

    @FuzzTest(maxDuration = Fuzz.CAMPAIGN)
    void of(FuzzedDataProvider data) throws FormatException, ChecksumException {
        byte[] key = data.consumeBoolean() ? SecretFuzzTest.PLANTED_BYTES : data.consumeBytes(Secret.MAX_LENGTH);
        if (key.length < Secret.MIN_LENGTH) {
            key = SecretFuzzTest.PLANTED_BYTES;
        }
        Secret secret = Secret.fromBytes(key);
        String base32 = secret.toBase32();
        QrOptions options;
        int quietZone = data.consumeBoolean() ? 4 : data.consumeInt(-3, QrOptions.MAX_QUIET_ZONE + 3);
        QrOptions.ErrorCorrection level = data.pickValue(QrOptions.ErrorCorrection.values());
        try {
            options = new QrOptions(level, quietZone);
        } catch (IllegalArgumentException e) {
            if (quietZone >= 0 && quietZone <= QrOptions.MAX_QUIET_ZONE) {
                throw new AssertionError("a quiet zone in range was refused", e);
            }
            return;
        }
        OtpAuthUri uri;
        try {
            uri = data.consumeBoolean() ? build(data, secret) : OtpAuthUri.parse("otpauth://totp/"
                    + Fuzz.text(data, 200) + "?secret=" + base32 + Fuzz.remainingText(data));
        } catch (InvalidOtpAuthUriException | InvalidOtpParametersException e) {
            Fuzz.assertNoWholeSecret(e, base32);
            return;
        }
        String text = uri.toUriString();
        QrCode qr;
        try {
            qr = QrCode.of(uri, options);
        } catch (UriTooLongException e) {
            Fuzz.assertNoWholeSecret(e, uri.secret().toBase32());
            if (text.length() <= 1273) { // fits at every level (ISO/IEC 18004 Table 7, version 40-H, byte mode)
                throw new AssertionError("a URI of " + text.length() + " characters did not fit", e);
            }
            return;
        }
        Fuzz.assertNoSecret(qr.toString(), uri.secret().bytes(), uri.secret().toBase32(), "QrCode.toString()");
        Fuzz.assertRedacted(uri);
        int n = qr.moduleCount();
        assertEquals(17 + 4 * qr.version(), n, "modules per side");
        assertEquals(n + 2 * options.quietZone(), qr.renderedModuleCount());
        BitMatrix matrix = new BitMatrix(n);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if (qr.isDark(x, y)) {
                    matrix.set(x, y);
                }
            }
        }
        assertEquals(text, new Decoder().decode(matrix).getText(), "the QR code reads back as the URI");

        int pixels = data.consumeInt(-10, 700);
        try {
            byte[] png = qr.toPng(pixels);
            if (pixels < qr.minPixels()) {
                throw new AssertionError("rendered " + pixels + " pixels below the minimum " + qr.minPixels());
            }
            if (png.length < 8 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G') {
                throw new AssertionError("not a PNG");
            }
        } catch (IllegalArgumentException e) {
            if (pixels >= qr.minPixels()) {
                throw new AssertionError("refused " + pixels + " pixels at or above the minimum", e);
            }
        }
        String svg = qr.toSvg();
        if (!svg.startsWith("<svg") && !svg.startsWith("<?xml")) {
            throw new AssertionError("not an SVG: " + svg.substring(0, Math.min(40, svg.length())));
        }
        String terminal = qr.toTerminalText(data.pickValue(QrCode.TerminalStyle.values()));
        if (terminal.isEmpty()) {
            throw new AssertionError("empty terminal text");
        }
    }

    /** A URI from the builder, with fuzzed type, parameters, issuer, extra parameters and account. */
    private static OtpAuthUri build(FuzzedDataProvider data, Secret secret) {
        HmacAlgorithm algorithm = data.pickValue(HmacAlgorithm.values());
        int digits = data.consumeInt(5, 11);
        OtpAuthUri.Builder b = data.consumeBoolean()
                ? OtpAuthUri.totp(secret, TotpParameters.of(algorithm, digits, Duration.ofSeconds(data.consumeLong(0, 90_000))))
                : OtpAuthUri.hotp(secret, algorithm, digits, data.consumeLong(-1, Long.MAX_VALUE));
        if (data.consumeBoolean()) {
            b.issuer(data.consumeBoolean() ? "ACME Corp" : Fuzz.text(data, 200));
        }
        for (int i = data.consumeInt(0, 2); i > 0; i--) {
            b.parameter(Fuzz.text(data, 20), Fuzz.text(data, 200));
        }
        return b.account(data.consumeBoolean() ? "alice@acme.test" : Fuzz.text(data, 3000));
    }
}
