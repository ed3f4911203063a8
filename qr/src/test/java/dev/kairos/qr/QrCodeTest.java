package dev.kairos.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.OtpAuthUri;
import dev.kairos.core.Secret;
import dev.kairos.core.TotpParameters;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QrCodeTest {

    private static final OtpAuthUri TYPICAL = Uris.typical();

    @Test
    void aTypicalUriAt256PixelsDecodesToTheUriText() throws IOException {
        QrCode qr = QrCode.of(TYPICAL);
        byte[] png = qr.toPng(256);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/qr-256.png"), png); // to look at
        BufferedImage image = Decoding.readPng(png);
        assertEquals(256, image.getWidth());
        assertEquals(256, image.getHeight());
        assertEquals(TYPICAL.toUriString(), Decoding.decodePng(png));
        assertTrue(png.length < 2000, "a 1-bit PNG of a QR code is small: " + png.length + " bytes");
    }

    @Test
    void drawsWholePixelModulesCenteredWithTheLeftoverAsMargin() {
        QrCode qr = QrCode.of(TYPICAL);
        int total = qr.renderedModuleCount();
        int pixels = total * 3 + 2; // scale 3, one extra pixel of margin on each side
        BufferedImage image = Decoding.readPng(qr.toPng(pixels));
        for (int y = 0; y < pixels; y++) {
            for (int x = 0; x < pixels; x++) {
                int mx = (x - 1) / 3 - qr.options().quietZone();
                int my = (y - 1) / 3 - qr.options().quietZone();
                boolean inCode = x >= 1 && y >= 1 && mx >= 0 && my >= 0 && mx < qr.moduleCount()
                        && my < qr.moduleCount();
                boolean dark = inCode && qr.isDark(mx, my);
                assertEquals(dark ? 0xFF000000 : 0xFFFFFFFF, image.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void everySizeFromTheMinimumUpDecodes() {
        QrCode qr = QrCode.of(TYPICAL);
        for (int pixels = qr.minPixels(); pixels <= 4 * qr.minPixels(); pixels += 7) {
            assertEquals(TYPICAL.toUriString(), Decoding.decodePng(qr.toPng(pixels)), "at " + pixels + " px");
        }
    }

    @Test
    void refusesSizesBelowOnePixelPerModuleAndSaysTheMinimum() {
        QrCode qr = QrCode.of(TYPICAL);
        int min = qr.minPixels();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> qr.toPng(min - 1));
        assertTrue(e.getMessage().startsWith("pixels must be from " + min + " "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> qr.toPng(0));
        assertThrows(IllegalArgumentException.class, () -> qr.toPng(QrCode.MAX_PIXELS + 1));
        assertFalse(e.getMessage().contains(TYPICAL.secret().toBase32()));
    }

    @Test
    void everyErrorCorrectionLevelAndQuietZoneDecodes() {
        for (QrOptions.ErrorCorrection level : QrOptions.ErrorCorrection.values()) {
            for (int quiet : new int[] {1, 2, 4, 16}) {
                QrCode qr = QrCode.of(TYPICAL, QrOptions.defaults().withErrorCorrection(level).withQuietZone(quiet));
                assertEquals(qr.moduleCount() + 2 * quiet, qr.renderedModuleCount());
                assertEquals(17 + 4 * qr.version(), qr.moduleCount());
                assertEquals(TYPICAL.toUriString(), Decoding.decodePng(qr.toPng(qr.minPixels() * 4)), qr.toString());
            }
        }
        assertTrue(QrCode.of(TYPICAL, QrOptions.defaults().withErrorCorrection(QrOptions.ErrorCorrection.H))
                .version() > QrCode.of(TYPICAL, QrOptions.defaults()
                        .withErrorCorrection(QrOptions.ErrorCorrection.L)).version());
    }

    @Test
    void theDataUriIsTheBase64OfAPngOfAtLeast256Pixels() {
        QrCode qr = QrCode.of(TYPICAL);
        String dataUri = qr.toDataUri();
        assertTrue(dataUri.startsWith("data:image/png;base64,"));
        byte[] png = Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length()));
        BufferedImage image = Decoding.readPng(png);
        assertTrue(image.getWidth() >= 256 && image.getWidth() % qr.renderedModuleCount() == 0, "" + image.getWidth());
        assertEquals(TYPICAL.toUriString(), Decoding.decode(image));
        assertEquals(TYPICAL.toUriString(), Decoding.decodePng(Base64.getDecoder().decode(
                qr.toDataUri(qr.minPixels() + 5).substring(22))));
    }

    @Test
    void aUriTooLongForAQrCodeGetsAClearErrorWithoutTheUri() {
        Secret secret = Secret.generate();
        OtpAuthUri huge = OtpAuthUri.totp(secret, TotpParameters.defaults())
                .parameter("pad", "a".repeat(2400)).account("a"); // an account is at most 256 characters
        UriTooLongException e = assertThrows(UriTooLongException.class, () -> QrCode.of(huge));
        assertTrue(e.getMessage().contains("holds at most 2331"), e.getMessage());
        assertTrue(e.getMessage().contains("is " + huge.toUriString().length() + " characters long"), e.getMessage());
        assertFalse(e.getMessage().contains(secret.toBase32().substring(0, 8)));
        assertTrue(e instanceof IllegalArgumentException);

        OtpAuthUri big = OtpAuthUri.totp(secret, TotpParameters.defaults())
                .parameter("pad", "a".repeat(1500)).account("a");
        assertThrows(UriTooLongException.class,
                () -> QrCode.of(big, QrOptions.defaults().withErrorCorrection(QrOptions.ErrorCorrection.H)));
        QrCode fits = QrCode.of(big, QrOptions.defaults().withErrorCorrection(QrOptions.ErrorCorrection.L));
        assertEquals(big.toUriString(), Decoding.decodePng(fits.toPng(fits.minPixels() * 3)));
    }

    @Test
    void theLargestUriAtEachLevelStillFits() {
        int[] max = {2953, 2331, 1663, 1273};
        for (QrOptions.ErrorCorrection level : QrOptions.ErrorCorrection.values()) {
            QrOptions options = QrOptions.defaults().withErrorCorrection(level);
            String fits = "otpauth://totp/" + "a".repeat(max[level.ordinal()] - 15);
            assertEquals(40, QrCode.encode(fits, options).version());
            assertThrows(UriTooLongException.class, () -> QrCode.encode(fits + "a", options));
        }
    }

    @Test
    void describesItselfWithoutTheUri() {
        QrCode qr = QrCode.of(TYPICAL);
        assertEquals("QrCode[version " + qr.version() + ", " + qr.moduleCount() + "x" + qr.moduleCount()
                + " modules, error correction M, quiet zone 4]", qr.toString());
        assertThrows(IndexOutOfBoundsException.class, () -> qr.isDark(qr.moduleCount(), 0));
        assertThrows(IndexOutOfBoundsException.class, () -> qr.isDark(0, -1));
    }

    @Test
    void validatesOptions() {
        assertThrows(IllegalArgumentException.class, () -> QrOptions.defaults().withQuietZone(-1));
        assertThrows(IllegalArgumentException.class, () -> QrOptions.defaults().withQuietZone(17));
        assertThrows(NullPointerException.class, () -> QrOptions.defaults().withErrorCorrection(null));
        assertThrows(NullPointerException.class, () -> QrCode.of(null));
        assertThrows(NullPointerException.class, () -> QrCode.of(TYPICAL, null));
    }

    @Test
    void randomUrisDecodeAtTheSmallestSizeAllowed() {
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            OtpAuthUri uri = Uris.random(random);
            QrCode qr = QrCode.of(uri);
            assertEquals(uri.toUriString(), Decoding.decodePng(qr.toPng(qr.minPixels())), uri.toRedactedString());
        }
    }
}
