package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.json.JsonParserFactory;

/**
 * The README's table "what each feature needs" names only properties that exist (in the configuration metadata
 * the build generates from {@link KairosProperties}) and whose values bind, so that the lines it counts are the
 * lines a fresh application really writes.
 */
class ReadmeFeaturesTest {

    private static final Pattern ASSIGNMENT = Pattern.compile("`(kairos\\.[a-z0-9.-]+)=([^`]*)`");

    @Test
    void everyPropertyOfTheFeatureTableExistsAndBinds() throws IOException {
        Map<String, String> lines = assignments(featureTable());
        assertThat(lines).containsKeys("kairos.issuer", "kairos.step-up.paths", "kairos.step-up.within")
                .hasSizeGreaterThanOrEqualTo(7);
        Set<String> known = metadataNames();
        Set<String> unknown = new TreeSet<>();
        for (String name : lines.keySet()) {
            boolean exists = known.contains(name) || known.stream().anyMatch(k -> name.startsWith(k + "."));
            if (!exists) {
                unknown.add(name);
            }
        }
        assertThat(unknown).isEmpty();

        KairosProperties bound = new Binder(new MapConfigurationPropertySource(lines))
                .bind("kairos", KairosProperties.class).get();
        assertThat(bound.stepUp().paths()).isEqualTo(List.of("/account/**"));
        assertThat(bound.stepUp().within()).isEqualTo(Duration.ofMinutes(5));
        assertThat(bound.enrollment().requireTicket()).isTrue();
        assertThat(bound.web().stylesheets()).isEqualTo(List.of("/app.css"));
        assertThat(bound.sealing().keys()).containsKey("2026a");
    }

    /** The table's rows: from the line naming this test to the first blank line after the table. */
    private static String featureTable() throws IOException {
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("`ReadmeFeaturesTest`");
        assertThat(start).as("the README's feature table names ReadmeFeaturesTest").isPositive();
        int table = readme.indexOf("\n|", start);
        int end = readme.indexOf("\n\n", table);
        return readme.substring(table, end);
    }

    private static Map<String, String> assignments(String table) {
        Map<String, String> lines = new LinkedHashMap<>();
        Matcher m = ASSIGNMENT.matcher(table);
        while (m.find()) {
            lines.put(m.group(1), m.group(2));
        }
        return lines;
    }

    private Set<String> metadataNames() throws IOException {
        String metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> names = new TreeSet<>();
        for (Object property : (List<?>) JsonParserFactory.getJsonParser().parseMap(metadata).get("properties")) {
            names.add((String) ((Map<?, ?>) property).get("name"));
        }
        return names;
    }
}
