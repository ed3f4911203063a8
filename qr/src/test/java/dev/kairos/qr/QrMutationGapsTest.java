package dev.kairos.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rendering, pixel by pixel and module by module, against the module grid {@link QrCode#isDark}: the edges of
 * the quiet zone, the centring of a PNG whose side is not a multiple of the module count, and the limits of the
 * pixel size. Decoding tests pass for renderings that are off by one module at an edge; these do not
 * (docs/mutation-testing.md).
 */
class QrMutationGapsTest {

    /** A quiet zone of 1 keeps the code small; a zone of 0 puts dark modules on the image's edges. */
    private static final QrCode CODE = QrCode.of(Uris.typical(), QrOptions.defaults().withQuietZone(1));
    private static final QrCode NO_ZONE = QrCode.of(Uris.typical(), QrOptions.defaults().withQuietZone(0));

    /** Whether rendered module (x, y), quiet zone included, is dark. */
    private static boolean renderedDark(QrCode code, int x, int y) {
        int q = code.options().quietZone();
        int n = code.moduleCount();
        return x >= q && y >= q && x < q + n && y < q + n && code.isDark(x - q, y - q);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void aPngShowsEachModuleAsAScaledSquareCentredInItsMargin(int extraPixels) {
        for (QrCode code : new QrCode[] {CODE, NO_ZONE}) {
            int total = code.renderedModuleCount();
            int pixels = code.minPixels() + total + extraPixels; // three pixels per module and a leftover
            BufferedImage image = Decoding.readPng(code.toPng(pixels));
            assertEquals(pixels, image.getWidth());
            assertEquals(pixels, image.getHeight());
            int scale = pixels / total;
            int offset = (pixels - total * scale) / 2;
            for (int py = 0; py < pixels; py++) {
                for (int px = 0; px < pixels; px++) {
                    int mx = Math.floorDiv(px - offset, scale);
                    int my = Math.floorDiv(py - offset, scale);
                    boolean inside = px >= offset && py >= offset && mx < total && my < total;
                    boolean expected = inside && renderedDark(code, mx, my);
                    boolean black = (image.getRGB(px, py) & 0xffffff) == 0;
                    if (expected != black) {
                        throw new AssertionError("pixel (" + px + ", " + py + ") of " + pixels + " should be "
                                + (expected ? "black" : "white") + " for " + code);
                    }
                }
            }
        }
    }

    @Test
    void thePixelSizeRunsFromTwoPixelsPerModuleToTheMaximum() {
        assertEquals(CODE.renderedModuleCount() * 2, CODE.minPixels());
        assertEquals(CODE.minPixels(), Decoding.readPng(CODE.toPng(CODE.minPixels())).getWidth());
        assertThrows(IllegalArgumentException.class, () -> CODE.toPng(CODE.minPixels() - 1));
        assertThrows(IllegalArgumentException.class, () -> CODE.toPng(QrCode.MAX_PIXELS + 1));
    }

    @Test
    void theDataUriScalesToTheSmallestWholeModuleSizeOfAtLeast256Pixels() {
        for (QrCode code : new QrCode[] {CODE, NO_ZONE, QrCode.of(Uris.typical())}) {
            int total = code.renderedModuleCount();
            int scale = Math.max(2, (256 + total - 1) / total);
            String uri = code.toDataUri();
            assertTrue(uri.startsWith("data:image/png;base64,"));
            byte[] png = Base64.getDecoder().decode(uri.substring("data:image/png;base64,".length()));
            assertEquals(total * scale, Decoding.readPng(png).getWidth(), code.toString());
        }
    }

    @Test
    void theSvgPathCoversExactlyTheDarkModules() {
        for (QrCode code : new QrCode[] {CODE, NO_ZONE}) {
            int total = code.renderedModuleCount();
            String svg = code.toSvg();
            assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + total + " "
                    + total + "\""), svg);
            boolean[][] dark = new boolean[total][total];
            Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z").matcher(svg);
            int runs = 0;
            while (run.find()) {
                int x = Integer.parseInt(run.group(1));
                int y = Integer.parseInt(run.group(2));
                int length = Integer.parseInt(run.group(3));
                assertEquals(length, Integer.parseInt(run.group(4)));
                assertTrue(length > 0);
                for (int i = x; i < x + length; i++) {
                    assertTrue(!dark[y][i], "module (" + i + ", " + y + ") drawn twice");
                    dark[y][i] = true;
                }
                runs++;
            }
            assertTrue(runs > 0);
            for (int y = 0; y < total; y++) {
                for (int x = 0; x < total; x++) {
                    assertEquals(renderedDark(code, x, y), dark[y][x], "module (" + x + ", " + y + ")");
                    if (x > 0 && dark[y][x] && dark[y][x - 1]) {
                        // one run per horizontal stretch: a dark module after a dark one never starts a run
                        assertTrue(!svg.contains("M" + x + " " + y + "h"), "run split at (" + x + ", " + y + ")");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ANSI_COLORS", "PLAIN_FOR_LIGHT_BACKGROUND", "PLAIN_FOR_DARK_BACKGROUND"})
    void terminalTextDrawsTwoModuleRowsPerLineWithHalfBlocks(String styleName) {
        QrCode.TerminalStyle style = QrCode.TerminalStyle.valueOf(styleName);
        boolean drawDark = style != QrCode.TerminalStyle.PLAIN_FOR_DARK_BACKGROUND;
        for (QrCode code : new QrCode[] {CODE, NO_ZONE}) {
            int total = code.renderedModuleCount();
            String[] lines = code.toTerminalText(style).split("\n", -1);
            assertEquals((total + 1) / 2 + 1, lines.length, "lines, and a final newline");
            assertEquals("", lines[lines.length - 1]);
            for (int line = 0; line < lines.length - 1; line++) {
                String text = lines[line];
                if (style == QrCode.TerminalStyle.ANSI_COLORS) {
                    assertTrue(text.startsWith("\u001b[30;47m") && text.endsWith("\u001b[0m"), text);
                    text = text.substring("\u001b[30;47m".length(), text.length() - "\u001b[0m".length());
                }
                assertEquals(total, text.length());
                for (int x = 0; x < total; x++) {
                    int y = 2 * line;
                    boolean top = renderedDark(code, x, y) == drawDark;
                    boolean bottom = (y + 1 < total ? renderedDark(code, x, y + 1) : false) == drawDark;
                    char expected = top ? (bottom ? '\u2588' : '\u2580') : (bottom ? '\u2584' : ' ');
                    assertEquals(expected, text.charAt(x), "column " + x + " of line " + line + " in " + style);
                }
            }
        }
    }
}
