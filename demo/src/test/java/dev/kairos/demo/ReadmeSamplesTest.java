package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles and runs every {@code ```java} block of the README: its import lines go to the top of a class, the rest
 * becomes the body of a method, which is run once. A sample that does not compile, or throws, fails the build.
 */
class ReadmeSamplesTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaBlockOfTheReadmeCompilesAndRuns(@TempDir Path dir) throws Exception {
        List<String> blocks = javaBlocks(readme());
        assertFalse(blocks.isEmpty(), "the README has no ```java block");
        for (int i = 0; i < blocks.size(); i++) {
            compileAndRun(dir, "ReadmeSample" + i, blocks.get(i));
        }
    }

    static String readme() throws IOException {
        Path p = Path.of("README.md");
        for (int up = 0; up < 3 && !Files.exists(p); up++) {
            p = Path.of("..").resolve(p);
        }
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static void compileAndRun(Path dir, String className, String block) throws Exception {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : block.split("\n", -1)) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        String source = imports + "public class " + className + " {\n"
                + "  public static void run() throws Exception {\n" + body + "  }\n}\n";
        Path file = dir.resolve(className + ".java");
        Files.writeString(file, source, StandardCharsets.UTF_8);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (var files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = compiler.getTask(null, files, diagnostics,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString()),
                    null, files.getJavaFileObjects(file)).call();
            assertTrue(ok, () -> "README sample " + className + " does not compile:\n" + diagnostics.getDiagnostics()
                    + "\n" + source);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, ReadmeSamplesTest.class.getClassLoader())) {
            Method run = loader.loadClass(className).getMethod("run");
            run.invoke(null);
            assertEquals(className, run.getDeclaringClass().getName());
        }
    }
}
