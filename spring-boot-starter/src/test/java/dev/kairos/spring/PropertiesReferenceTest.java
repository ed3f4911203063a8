package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;

/**
 * docs/spring-boot-starter.md lists every {@code kairos.*} property with its default, exactly those of the
 * configuration metadata the build generates from {@link KairosProperties}.
 */
class PropertiesReferenceTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(kairos\\.[^`]+)` \\| [^|]* \\| (?:`([^`]*)`)? \\|",
            Pattern.MULTILINE);

    @Test
    void theReferenceTableListsEveryPropertyAndItsDefault() throws IOException {
        String metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> properties = new TreeSet<>();
        for (Object property : (List<?>) JsonParserFactory.getJsonParser().parseMap(metadata).get("properties")) {
            Map<?, ?> p = (Map<?, ?>) property;
            Object value = p.get("defaultValue");
            properties.add(p.get("name") + " = " + (value == null ? "" : value));
        }
        String doc = Files.readString(Path.of("../docs/spring-boot-starter.md"));
        assertThat(rows(ROW.matcher(doc))).isEqualTo(properties).hasSizeGreaterThan(20);
    }

    /** "name = default" for each match (default empty when none). */
    private static Set<String> rows(Matcher m) {
        Set<String> rows = new TreeSet<>();
        while (m.find()) {
            rows.add(m.group(1) + " = " + (m.group(2) == null ? "" : m.group(2).strip()));
        }
        return rows;
    }
}
