package dev.kairos.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kairos.core.OtpAuthUri;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decodes rendered PNGs with an independent decoder, {@code zbarimg} (Debian package {@code zbar-tools}). Without
 * it the test is skipped on a developer machine, and fails when the environment variable {@code CI} is set.
 */
class ZbarimgDecodingTest {

    private static String zbarimg;

    @BeforeAll
    static void findZbarimg() {
        zbarimg = findOnPath("zbarimg");
        if (zbarimg == null) {
            if (System.getenv("CI") != null) {
                fail("zbarimg is not installed (apt-get install zbar-tools); CI must run the independent decoder");
            }
            Assumptions.abort("zbarimg not installed (apt-get install zbar-tools); skipped outside CI");
        }
    }

    private static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    @Test
    void zbarReadsFiftyRandomUrisAtTheSmallestSizeAllowed(@TempDir Path dir) throws Exception {
        Random random = new Random(20260);
        for (int i = 0; i < 50; i++) {
            OtpAuthUri uri = Uris.random(random);
            QrCode qr = QrCode.of(uri);
            Path png = dir.resolve("qr-" + i + ".png");
            Files.write(png, qr.toPng(qr.minPixels()));
            assertEquals(uri.toUriString(), zbar(png), () -> "URI " + uri.toRedactedString());
        }
    }

    @Test
    void zbarReadsTheTypicalUriAt256PixelsAndAtHighErrorCorrection(@TempDir Path dir) throws Exception {
        OtpAuthUri uri = Uris.typical();
        Path png = dir.resolve("typical.png");
        Files.write(png, QrCode.of(uri).toPng(256));
        assertEquals(uri.toUriString(), zbar(png));
        QrCode h = QrCode.of(uri, QrOptions.defaults().withErrorCorrection(QrOptions.ErrorCorrection.H));
        Files.write(png, h.toPng(h.minPixels()));
        assertEquals(uri.toUriString(), zbar(png));
    }

    /**
     * Runs {@code zbarimg --raw -q -Sbinary}: {@code -Sbinary} prints the symbol's bytes as they are, without
     * zbar's charset guessing and without a trailing newline, so the output must equal the URI byte for byte
     * (Kairos's URIs are ASCII). Only stdout is read: zbarimg may complain on stderr about D-Bus.
     */
    private static String zbar(Path png) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(zbarimg, "--raw", "-q", "-Sbinary", png.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("zbarimg did not finish");
        }
        assertEquals(0, p.exitValue(), () -> "zbarimg found no code in " + png.getFileName());
        return new String(out, StandardCharsets.UTF_8);
    }
}
