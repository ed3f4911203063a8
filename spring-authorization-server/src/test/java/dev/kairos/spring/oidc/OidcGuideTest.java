package dev.kairos.spring.oidc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/oidc.md shows the sample apps' configuration, and the browser test runs those apps: each marked region of a
 * sample ({@code // guide:begin} ... {@code // guide:end}) must appear in the guide as it stands, so the guide's
 * configuration is the tested one.
 */
class OidcGuideTest {

    @ParameterizedTest
    @CsvSource({
        "src/test/java/dev/kairos/spring/oidc/sample/login/LoginServer.java, guide",
        "src/test/resources/login-server.properties, guide-properties",
        "src/test/java/dev/kairos/spring/oidc/sample/resource/ResourceServer.java, guide-resource"})
    void theGuideShowsTheSamplesConfigurationAsItIs(String sample, String region) throws IOException {
        String source = Files.readString(Path.of(sample), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("[ \\t]*(?://|#) " + region + ":begin\\n(.*?)[ \\t]*(?://|#) " + region + ":end",
                Pattern.DOTALL).matcher(source);
        assertTrue(m.find(), sample + " has no " + region + " region");
        String snippet = dedent(m.group(1));
        String guide = Files.readString(Path.of("../docs/oidc.md"), StandardCharsets.UTF_8);
        assertTrue(guide.contains(snippet), "docs/oidc.md must show " + sample + " (" + region + ") as it is:\n"
                + snippet);
    }

    /** Removes the indentation the region's lines share (blank lines do not count). */
    private static String dedent(String text) {
        int indent = text.lines().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        text.lines().forEach(line -> out.append(line.isBlank() ? "" : line.substring(indent)).append('\n'));
        return out.toString();
    }
}
