package dev.kairos.qr;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** Reads QR codes back with zxing's reader, as a phone would: from pixels, without knowing where the code is. */
final class Decoding {
    private Decoding() {
    }

    static BufferedImage readPng(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new AssertionError("not a PNG ImageIO can read");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String decodePng(byte[] png) {
        return decode(readPng(png));
    }

    /**
     * Decodes an image; no ALSO_INVERTED hint, so a light-on-dark rendering fails as it would on many phones.
     *
     * <p>zxing's detector first, as a phone would use it. Some perfectly sharp codes of version 7 and more defeat
     * it at 4 or more pixels per module (a ChecksumException, e.g. {@code Uris.random(new Random(5))}) although
     * zbarimg reads them and zxing reads them at 2 or 3 pixels per module; for those the same reader retries with
     * PURE_BARCODE, which samples the axis-aligned grid of a rendered image directly.
     */
    static String decode(BufferedImage image) {
        try {
            return decode(image, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
        } catch (AssertionError detectorFailed) {
            try {
                return decode(image, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
            } catch (AssertionError pureFailed) {
                detectorFailed.addSuppressed(pureFailed);
                throw detectorFailed;
            }
        }
    }

    private static String decode(BufferedImage image, Map<DecodeHintType, ?> hints) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, argb)));
        try {
            return new QRCodeReader().decode(bitmap, hints).getText();
        } catch (NotFoundException e) {
            throw new AssertionError("zxing found no QR code in the " + w + "x" + h + " image", e);
        } catch (ReaderException e) {
            throw new AssertionError("zxing could not read the QR code in the " + w + "x" + h + " image", e);
        }
    }

    /** Paints a grid of modules (true = dark) at {@code scale} pixels each, dark as black and light as white. */
    static BufferedImage paint(boolean[][] modules, int scale, int darkRgb, int lightRgb) {
        int n = modules.length;
        BufferedImage image = new BufferedImage(modules[0].length * scale, n * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, modules[y / scale][x / scale] ? darkRgb : lightRgb);
            }
        }
        return image;
    }
}
