package dev.kairos.qr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.OtpAuthUri;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** SVG and terminal text, each read back into modules, compared with the code and decoded with zxing. */
class QrRenderingTest {

    private static final int BLACK = 0x000000;
    private static final int WHITE = 0xFFFFFF;
    /** A dark terminal theme's background and text colors, and a light one's. */
    private static final int DARK_BG = 0x1E1E1E;
    private static final int LIGHT_FG = 0xD4D4D4;
    private static final int LIGHT_BG = 0xFDF6E3;
    private static final int DARK_FG = 0x073642;

    private static final Pattern SVG = Pattern.compile("<svg xmlns=\"http://www.w3.org/2000/svg\" "
            + "viewBox=\"0 0 (\\d+) (\\d+)\" shape-rendering=\"crispEdges\"><rect width=\"\\1\" height=\"\\1\" "
            + "fill=\"#ffffff\"/><path fill=\"#000000\" d=\"([^\"]*)\"/></svg>");
    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-\\3z");

    static boolean[][] expectedModules(QrCode qr) {
        int total = qr.renderedModuleCount();
        int q = qr.options().quietZone();
        boolean[][] m = new boolean[total][total];
        for (int y = 0; y < qr.moduleCount(); y++) {
            for (int x = 0; x < qr.moduleCount(); x++) {
                m[y + q][x + q] = qr.isDark(x, y);
            }
        }
        return m;
    }

    /** Rasterizes the SVG's one path of run rectangles back into modules. */
    static boolean[][] svgModules(String svg) {
        Matcher m = SVG.matcher(svg);
        assertTrue(m.matches(), svg);
        int total = Integer.parseInt(m.group(1));
        boolean[][] modules = new boolean[total][total];
        String d = m.group(3);
        Matcher run = RUN.matcher(d);
        int end = 0;
        while (run.find()) {
            assertEquals(end, run.start(), "path must be only runs");
            end = run.end();
            int x = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            for (int i = 0; i < Integer.parseInt(run.group(3)); i++) {
                modules[y][x + i] = true;
            }
        }
        assertEquals(d.length(), end, "path must be only runs");
        return modules;
    }

    @Test
    void theSvgIsOnePathOfTheDarkModulesInAViewBoxOfOneUnitPerModule() {
        OtpAuthUri uri = Uris.typical();
        QrCode qr = QrCode.of(uri);
        String svg = qr.toSvg();
        assertEquals(1, svg.split("<path", -1).length - 1);
        boolean[][] modules = svgModules(svg);
        assertArrayEquals(expectedModules(qr), modules);
        assertEquals(uri.toUriString(), Decoding.decode(Decoding.paint(modules, 4, BLACK, WHITE)));
    }

    /**
     * Quiet zones of 4 (the standard) and more: with 2, zxing misses some codes (e.g. Uris.random(new Random(5))),
     * which is why {@link QrOptions} documents 4.
     */
    @Property(tries = 60)
    void svgAndTerminalTextOfRandomUrisDecode(@ForAll @IntRange(min = 0, max = 1_000_000) int seed,
            @ForAll @IntRange(min = 4, max = 8) int quietZone) {
        OtpAuthUri uri = Uris.random(new java.util.Random(seed));
        QrCode qr = QrCode.of(uri, QrOptions.defaults().withQuietZone(quietZone));
        boolean[][] expected = expectedModules(qr);
        assertArrayEquals(expected, svgModules(qr.toSvg()));
        for (QrCode.TerminalStyle style : QrCode.TerminalStyle.values()) {
            assertArrayEquals(expected, terminalModules(qr.toTerminalText(style), style, expected.length), style.name());
        }
        assertEquals(uri.toUriString(), Decoding.decode(Decoding.paint(expected, 4, BLACK, WHITE)));
    }

    @Test
    void theAnsiTerminalTextScansInADarkAndInALightTerminal() {
        OtpAuthUri uri = Uris.typical();
        QrCode qr = QrCode.of(uri);
        String text = qr.toTerminalText();
        assertEquals(text, qr.toTerminalText(QrCode.TerminalStyle.ANSI_COLORS));
        int total = qr.renderedModuleCount();
        String[] lines = text.split("\n", -1);
        assertEquals((total + 1) / 2 + 1, lines.length); // and the text ends with '\n'
        assertEquals("", lines[lines.length - 1]);
        for (int i = 0; i < lines.length - 1; i++) {
            assertTrue(lines[i].startsWith("\u001b[30;47m") && lines[i].endsWith("\u001b[0m"), lines[i]);
            assertEquals(total, lines[i].length() - "\u001b[30;47m".length() - "\u001b[0m".length());
            assertTrue(lines[i].substring(8, 8 + total).chars().allMatch(c -> " \u2580\u2584\u2588".indexOf(c) >= 0));
        }
        // The escape codes fix black glyphs on white, whatever the theme: what shows is the same in both.
        boolean[][] shown = terminalModules(text, QrCode.TerminalStyle.ANSI_COLORS, total);
        assertEquals(uri.toUriString(), Decoding.decode(Decoding.paint(shown, 4, BLACK, WHITE)));
    }

    @Test
    void thePlainStylesScanInTheTerminalTheyAreMadeFor() {
        OtpAuthUri uri = Uris.typical();
        QrCode qr = QrCode.of(uri);
        int total = qr.renderedModuleCount();
        // Light terminal: glyphs show in its dark text color on its light background.
        boolean[][] glyphsLight = glyphs(qr.toTerminalText(QrCode.TerminalStyle.PLAIN_FOR_LIGHT_BACKGROUND), total);
        assertEquals(uri.toUriString(), Decoding.decode(Decoding.paint(glyphsLight, 4, DARK_FG, LIGHT_BG)));
        // Dark terminal: glyphs show in its light text color on its dark background.
        boolean[][] glyphsDark =
                glyphs(qr.toTerminalText(QrCode.TerminalStyle.PLAIN_FOR_DARK_BACKGROUND), total, false);
        assertEquals(uri.toUriString(), Decoding.decode(Decoding.paint(glyphsDark, 4, LIGHT_BG, DARK_BG)));
        // The wrong style for the terminal shows an inverted code, which zxing (like many phones) cannot read.
        assertThrows(AssertionError.class,
                () -> Decoding.decode(Decoding.paint(glyphsLight, 4, LIGHT_FG, DARK_BG)));
        assertThrows(NullPointerException.class, () -> qr.toTerminalText(null));
    }

    /** Which half-cells of the text have ink (a glyph), after removing ANSI escape codes. */
    static boolean[][] glyphs(String text, int total) {
        return glyphs(text, total, true);
    }

    /** As {@link #glyphs(String, int)}; below the last row, if the height is odd, must be light. */
    static boolean[][] glyphs(String text, int total, boolean inkIsDark) {
        String[] lines = text.replaceAll("\u001b\\[[0-9;]*m", "").split("\n");
        assertEquals((total + 1) / 2, lines.length);
        boolean[][] ink = new boolean[total][total];
        for (int row = 0; row < lines.length; row++) {
            assertEquals(total, lines[row].length());
            for (int x = 0; x < total; x++) {
                char c = lines[row].charAt(x);
                int i = " \u2580\u2584\u2588".indexOf(c);
                assertTrue(i >= 0, "unexpected character U+" + Integer.toHexString(c));
                ink[2 * row][x] = (i & 1) != 0;
                if (2 * row + 1 < total) {
                    ink[2 * row + 1][x] = (i & 2) != 0;
                } else {
                    assertEquals(!inkIsDark, (i & 2) != 0, "below the last row must be light");
                }
            }
        }
        return ink;
    }

    /** The modules the text shows as dark, for the style it was made in. */
    static boolean[][] terminalModules(String text, QrCode.TerminalStyle style, int total) {
        boolean[][] ink = glyphs(text, total, style != QrCode.TerminalStyle.PLAIN_FOR_DARK_BACKGROUND);
        if (style == QrCode.TerminalStyle.PLAIN_FOR_DARK_BACKGROUND) {
            for (boolean[] row : ink) {
                for (int x = 0; x < row.length; x++) {
                    row[x] = !row[x];
                }
            }
        }
        return ink;
    }
}
