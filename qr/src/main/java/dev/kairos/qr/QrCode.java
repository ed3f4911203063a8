package dev.kairos.qr;

import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import dev.kairos.core.OtpAuthUri;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.BitSet;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * The QR code of an {@code otpauth://} URI, for the user to scan with an authenticator app, rendered as PNG, SVG,
 * a {@code data:} URI or terminal text.
 *
 * <p>The code holds the full URI text ({@link OtpAuthUri#toUriString()}), <b>secret included</b>: every rendering
 * is as sensitive as the secret itself. Show it only to the enrolling user; do not log or cache it. Because
 * Kairos writes the URI as pure ASCII (everything else percent-encoded), it is encoded in byte mode without an
 * ECI header, which every scanner reads the same way.
 *
 * <p>Immutable and thread-safe: the modules are computed once by {@link #of(OtpAuthUri, QrOptions)}, and each
 * rendering method only reads them.
 */
public final class QrCode {

    /** The largest image {@link #toPng(int)} makes, in pixels per side. */
    public static final int MAX_PIXELS = 8192;

    /**
     * The fewest pixels per module {@link #toPng(int)} draws. At one pixel per module zxing's reader finds no
     * code at all; at two, zxing and zbar read every code in the tests.
     */
    public static final int MIN_PIXELS_PER_MODULE = 2;

    /** The side {@link #toDataUri()} aims at, in pixels. */
    static final int DATA_URI_TARGET_PIXELS = 256;


    private final int size;
    private final BitSet dark;
    private final int version;
    private final QrOptions options;

    private QrCode(int size, BitSet dark, int version, QrOptions options) {
        this.size = size;
        this.dark = dark;
        this.version = version;
        this.options = options;
    }

    /**
     * Makes the QR code of a URI with the {@linkplain QrOptions#defaults() default options} (error correction
     * M, quiet zone of 4 modules).
     *
     * @param uri the URI
     * @return the code
     * @throws NullPointerException if {@code uri} is null
     * @throws UriTooLongException if the URI does not fit in a QR code
     */
    public static QrCode of(OtpAuthUri uri) {
        return of(uri, QrOptions.defaults());
    }

    /**
     * Makes the QR code of a URI, in the smallest version (size) that holds it at the chosen error correction.
     *
     * @param uri the URI
     * @param options error correction level and quiet zone
     * @return the code
     * @throws NullPointerException if an argument is null
     * @throws UriTooLongException if the URI does not fit in a QR code at that error correction level (at most
     *     2953, 2331, 1663 or 1273 characters for L, M, Q, H)
     */
    public static QrCode of(OtpAuthUri uri, QrOptions options) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(options, "options");
        return encode(uri.toUriString(), options);
    }

    /** Encodes ASCII text; package-private so tests can probe the capacity limit directly. */
    /** Byte-mode capacity of a version 40 code at a level (ISO/IEC 18004 Table 7). */
    private static int maxBytes(QrOptions.ErrorCorrection level) {
        return switch (level) {
            case L -> 2953;
            case M -> 2331;
            case Q -> 1663;
            case H -> 1273;
        };
    }

    static QrCode encode(String text, QrOptions options) {
        ErrorCorrectionLevel level = ErrorCorrectionLevel.valueOf(options.errorCorrection().name());
        QRCode code;
        try {
            // No hints: ISO-8859-1 byte mode without ECI, which for ASCII text is exactly the text's bytes.
            code = Encoder.encode(text, level);
        } catch (WriterException e) {
            // The text is the URI with its secret: give its length only.
            throw new UriTooLongException("the URI is " + text.length() + " characters long; a QR code at error "
                    + "correction " + options.errorCorrection() + " holds at most "
                    + maxBytes(options.errorCorrection())
                    + " (shorten the issuer or account, or choose a lower error correction level)", e);
        }
        ByteMatrix matrix = code.getMatrix();
        int n = matrix.getWidth();
        BitSet dark = new BitSet(n * n);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if (matrix.get(x, y) == 1) {
                    dark.set(y * n + x);
                }
            }
        }
        return new QrCode(n, dark, code.getVersion().getVersionNumber(), options);
    }

    /**
     * Returns the QR version, which fixes the number of modules: {@code 17 + 4 * version} per side.
     *
     * @return the version, 1 to 40
     */
    public int version() {
        return version;
    }

    /**
     * Returns the options the code was made with.
     *
     * @return the options
     */
    public QrOptions options() {
        return options;
    }

    /**
     * Returns the number of modules per side of the code itself, without the quiet zone.
     *
     * @return the size, in modules (21 to 177)
     */
    public int moduleCount() {
        return size;
    }

    /**
     * Returns the number of modules per side of every rendering: the code plus the quiet zone on both sides.
     *
     * @return the size, in modules
     */
    public int renderedModuleCount() {
        return size + 2 * options.quietZone();
    }

    /**
     * Tells whether a module is dark, for custom renderings.
     *
     * @param x the column, in modules from the left edge of the code (quiet zone excluded): 0 to
     *     {@code moduleCount() - 1}
     * @param y the row, in modules from the top edge of the code: 0 to {@code moduleCount() - 1}
     * @return true if the module is dark
     * @throws IndexOutOfBoundsException if {@code x} or {@code y} is outside the code
     */
    public boolean isDark(int x, int y) {
        Objects.checkIndex(x, size);
        Objects.checkIndex(y, size);
        return dark.get(y * size + x);
    }

    /** Like {@link #isDark}, in rendered coordinates: the quiet zone and anything beyond it is light. */
    private boolean isDarkRendered(int x, int y) {
        int q = options.quietZone();
        int cx = x - q;
        int cy = y - q;
        return cx >= 0 && cy >= 0 && cx < size && cy < size && dark.get(cy * size + cx);
    }

    /**
     * Returns the smallest side {@link #toPng(int)} accepts: {@value #MIN_PIXELS_PER_MODULE} pixels per module,
     * quiet zone included. That is enough for a decoder reading the file; a phone camera pointed at a screen
     * needs the image shown larger, so for display aim for at least 4 pixels per module (or let the browser
     * scale the SVG).
     *
     * @return the minimum, in pixels
     */
    public int minPixels() {
        return renderedModuleCount() * MIN_PIXELS_PER_MODULE;
    }

    /**
     * Renders a square black-and-white PNG (1 bit per pixel). Each module is a square of a whole number of pixels
     * (the largest that fits), with no anti-aliasing, so edges stay crisp; pixels left over when {@code pixels} is
     * not a multiple of the module count become extra light margin, split evenly.
     *
     * @param pixels the width and height of the image, in pixels: from {@link #minPixels()} to
     *     {@value #MAX_PIXELS}
     * @return the PNG file's bytes
     * @throws IllegalArgumentException if {@code pixels} is out of range; the message gives the minimum
     */
    public byte[] toPng(int pixels) {
        int total = renderedModuleCount();
        if (pixels < minPixels() || pixels > MAX_PIXELS) {
            throw new IllegalArgumentException("pixels must be from " + minPixels() + " ("
                    + MIN_PIXELS_PER_MODULE + " pixels per module: " + size + " modules plus a quiet zone of "
                    + options.quietZone() + " on each side) to " + MAX_PIXELS + ", got " + pixels);
        }
        int scale = pixels / total;
        int offset = (pixels - total * scale) / 2;
        BufferedImage image = new BufferedImage(pixels, pixels, BufferedImage.TYPE_BYTE_BINARY);
        WritableRaster raster = image.getRaster();
        // In the default palette of TYPE_BYTE_BINARY, sample 0 is black and 1 is white.
        for (int py = 0; py < pixels; py++) {
            int my = py >= offset ? (py - offset) / scale : -1;
            for (int px = 0; px < pixels; px++) {
                int mx = px >= offset ? (px - offset) / scale : -1;
                boolean isDark = mx >= 0 && my >= 0 && mx < total && my < total && isDarkRendered(mx, my);
                raster.setSample(px, py, 0, isDark ? 0 : 1);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in javax.imageio");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing a PNG to memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * Renders the PNG of {@link #toPng(int)} as a {@code data:} URI for an HTML {@code <img src="...">}. The
     * image has a whole number of pixels per module, the fewest that give at least 256 pixels per side.
     *
     * @return {@code "data:image/png;base64,..."}
     */
    public String toDataUri() {
        int total = renderedModuleCount();
        int scale = Math.max(MIN_PIXELS_PER_MODULE, (DATA_URI_TARGET_PIXELS + total - 1) / total);
        return toDataUri(total * scale);
    }

    /**
     * Renders the PNG of {@link #toPng(int)} at a given size as a {@code data:} URI.
     *
     * @param pixels the width and height of the image, in pixels: from {@link #minPixels()} to
     *     {@value #MAX_PIXELS}
     * @return {@code "data:image/png;base64,..."}
     * @throws IllegalArgumentException if {@code pixels} is out of range
     */
    public String toDataUri(int pixels) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(toPng(pixels));
    }

    /**
     * Renders an SVG image: a white square and one {@code <path>} of the dark modules, in a {@code viewBox} of
     * one unit per module (quiet zone included), with {@code shape-rendering="crispEdges"}. It has no fixed size,
     * so it fills the box CSS gives it; keep that box square.
     *
     * @return the SVG document text
     */
    public String toSvg() {
        int total = renderedModuleCount();
        StringBuilder sb = new StringBuilder(256 + size * size * 2);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(total).append(' ')
                .append(total).append("\" shape-rendering=\"crispEdges\">");
        sb.append("<rect width=\"").append(total).append("\" height=\"").append(total)
                .append("\" fill=\"#ffffff\"/>");
        sb.append("<path fill=\"#000000\" d=\"");
        // One closed rectangle per horizontal run of dark modules keeps the path short.
        for (int y = 0; y < total; y++) {
            int x = 0;
            while (x < total) {
                if (!isDarkRendered(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < total && isDarkRendered(x, y)) {
                    x++;
                }
                int run = x - start;
                sb.append('M').append(start).append(' ').append(y).append('h').append(run).append("v1h-")
                        .append(run).append('z');
            }
        }
        sb.append("\"/></svg>");
        return sb.toString();
    }

    /** How {@link #toTerminalText(TerminalStyle)} makes the code readable in a terminal. */
    public enum TerminalStyle {
        /**
         * Black on white set with ANSI escape codes ({@code ESC[30;47m} at the start of each line,
         * {@code ESC[0m} before its end), glyphs drawing the dark modules: scans the same in dark and light
         * terminals, in any terminal that understands the basic ANSI colors (all common ones do).
         */
        ANSI_COLORS,
        /** No escape codes; glyphs draw the dark modules: for terminals with dark text on a light background. */
        PLAIN_FOR_LIGHT_BACKGROUND,
        /**
         * No escape codes; glyphs draw the light modules (quiet zone included), so the terminal's dark background
         * shows the dark modules: for terminals with light text on a dark background.
         */
        PLAIN_FOR_DARK_BACKGROUND
    }

    /**
     * Renders the code for a terminal in the {@link TerminalStyle#ANSI_COLORS} style, which scans in dark and
     * light terminals alike.
     *
     * @return the text, lines ending with {@code '\n'}
     * @see #toTerminalText(TerminalStyle)
     */
    public String toTerminalText() {
        return toTerminalText(TerminalStyle.ANSI_COLORS);
    }

    /**
     * Renders the code as lines of text for a terminal: each character shows two modules stacked vertically,
     * with the Unicode half blocks {@code '▀'} (U+2580, top), {@code '▄'} (U+2584, bottom), the full block
     * {@code '█'} (U+2588) and a space, so the code looks square in the usual fonts that are twice as tall as
     * wide. The quiet zone is included; when the rendered height is odd, the last line's bottom half is light.
     *
     * @param style which modules the glyphs draw, and whether colors are set with ANSI escape codes
     * @return the text, {@code ceil(renderedModuleCount() / 2)} lines of {@code renderedModuleCount()}
     *     characters (plus the escape codes of {@link TerminalStyle#ANSI_COLORS}), each ending with {@code '\n'}
     * @throws NullPointerException if {@code style} is null
     */
    public String toTerminalText(TerminalStyle style) {
        Objects.requireNonNull(style, "style");
        boolean drawDark = style != TerminalStyle.PLAIN_FOR_DARK_BACKGROUND;
        int total = renderedModuleCount();
        StringBuilder sb = new StringBuilder((total + 12) * (total / 2 + 1));
        for (int y = 0; y < total; y += 2) {
            if (style == TerminalStyle.ANSI_COLORS) {
                sb.append("\u001b[30;47m");
            }
            for (int x = 0; x < total; x++) {
                // Below the last row is more light margin.
                boolean top = isDarkRendered(x, y) == drawDark;
                boolean bottom = (y + 1 < total ? isDarkRendered(x, y + 1) : false) == drawDark;
                sb.append(top ? (bottom ? '\u2588' : '\u2580') : (bottom ? '\u2584' : ' '));
            }
            if (style == TerminalStyle.ANSI_COLORS) {
                sb.append("\u001b[0m");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Describes the code without its content (which holds the secret).
     *
     * @return e.g. {@code "QrCode[version 7, 45x45 modules, error correction M, quiet zone 4]"}
     */
    @Override
    public String toString() {
        return "QrCode[version " + version + ", " + size + "x" + size + " modules, error correction "
                + options.errorCorrection() + ", quiet zone " + options.quietZone() + "]";
    }
}
