package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every test that SECURITY.md, the README or the CHANGELOG names as the proof of a claim exists under that name in
 * some module's test sources: a test renamed or deleted without its claim fails here, not in a reader's search.
 * Names are written {@code `SomeTest`}, {@code `SomeTest.someMethod`}, or, after one of those, a method alone
 * ({@code `someLongMethodName`}, 26 characters or more, which is how the documents list further tests).
 */
class DocumentedTestsTest {

    private static final Pattern CLASS_AND_METHOD = Pattern.compile("`([A-Z][A-Za-z0-9]*Test)(?:\\.([a-z]\\w*))?");
    private static final Pattern METHOD_ALONE = Pattern.compile("`([a-z][A-Za-z0-9]{25,})`");

    @Test
    void everyTestTheDocumentsNameExists() throws IOException {
        Path root = root();
        Map<String, List<String>> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/test/java/")
                    && !p.toString().contains("/target/"))
                    .collect(Collectors.groupingBy(DocumentedTestsTest::className,
                            Collectors.mapping(DocumentedTestsTest::read, Collectors.toList())));
        }
        String everyTest = sources.values().stream().flatMap(List::stream).collect(Collectors.joining("\n"));
        assertTrue(sources.containsKey("DocumentedTestsTest"), "the test sources were not found under " + root);

        List<String> missing = new ArrayList<>();
        int named = 0;
        for (String doc : List.of("SECURITY.md", "README.md", "CHANGELOG.md")) {
            String text = Files.readString(root.resolve(doc));
            Matcher m = CLASS_AND_METHOD.matcher(text);
            while (m.find()) {
                named++;
                List<String> classSources = sources.get(m.group(1));
                if (classSources == null) {
                    missing.add(doc + ": " + m.group(1));
                } else if (m.group(2) != null && classSources.stream().noneMatch(s -> declares(s, m.group(2)))) {
                    missing.add(doc + ": " + m.group(1) + "." + m.group(2));
                }
            }
            Matcher alone = METHOD_ALONE.matcher(text);
            while (alone.find()) {
                named++;
                if (!declares(everyTest, alone.group(1))) {
                    missing.add(doc + ": " + alone.group(1));
                }
            }
        }
        assertTrue(named > 50, "only " + named + " tests named: has the documents' way of naming them changed?");
        assertTrue(missing.isEmpty(), "named as proof but not found in any test source: " + new TreeSet<>(missing));
    }

    private static boolean declares(String source, String method) {
        return Pattern.compile("\\b" + Pattern.quote(method) + "\\s*\\(").matcher(source).find();
    }

    private static String className(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".java".length());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("SECURITY.md")) ? here : here.getParent();
    }
}
