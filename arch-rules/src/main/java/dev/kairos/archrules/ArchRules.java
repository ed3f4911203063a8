package dev.kairos.archrules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The architecture rules every published Kairos module checks on its compiled main classes (DESIGN.md, STYLE.md):
 * one copy, used in test scope by each module's {@code ArchitectureTest}, which adds only its own dependency rules.
 *
 * <p>The classes are imported from the folder an anchor class of the module was loaded from, so the rules see
 * exactly the production code whether the tests run on the module path (Surefire) or the class path (PIT).
 */
public final class ArchRules {

    private final Path mainClasses;
    private final JavaClasses classes;

    private ArchRules(Path mainClasses) {
        this.mainClasses = mainClasses;
        this.classes = new ClassFileImporter().importPath(mainClasses);
    }

    /**
     * Imports the main classes of the module that holds {@code anchor}.
     *
     * @param anchor any main class of the module
     * @return the rules over that module's classes
     */
    public static ArchRules ofModuleOf(Class<?> anchor) {
        try {
            return new ArchRules(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The imported main classes, for a module's own rules.
     *
     * @return the classes
     */
    public JavaClasses imported() {
        return classes;
    }

    /** Time comes from a {@code java.time.Clock} callers can inject (DESIGN.md, Invariants). */
    public void noClassReadsTheSystemTime() {
        classes().should(notReadTheSystemTime())
                .because("time comes from a java.time.Clock callers can inject (DESIGN.md, Invariants)")
                .check(classes);
    }

    /**
     * No ThreadLocal: on a container's pooled thread it outlives a redeployed application and pins its class
     * loader, and it keeps the last key material in the thread.
     */
    public void noClassUsesAThreadLocal() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().should().dependOnClassesThat()
                .areAssignableTo(ThreadLocal.class)
                .because("no key material may stay with a thread, and no ThreadLocal may survive a redeploy")
                .check(classes);
    }

    /** A public class outside the exported packages is API nobody can reach. */
    public void everyPublicClassLiesInAnExportedPackage() {
        classes().that().arePublic().should().resideInAnyPackage(exportedPackages().toArray(String[]::new))
                .because("a public class outside the exported packages is API nobody can reach; make it package-private")
                .check(classes);
    }

    /** Public types are final or sealed, immutable and thread-safe (STYLE.md). */
    public void everyPublicTypeIsClosedForExtension() {
        classes().that().arePublic().and().resideInAnyPackage(exportedPackages().toArray(String[]::new))
                .should(beClosedForExtension())
                .because("public types are final or sealed, immutable and thread-safe (STYLE.md)")
                .check(classes);
    }

    /**
     * Counts the public types (nested ones included) of the exported packages: the size of the API.
     *
     * @return the number of public classes, interfaces, records and enums a user can reach
     */
    public long publicTypeCount() {
        Set<String> exported = exportedPackages();
        return classes.stream()
                .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(c -> exported.contains(c.getPackageName()))
                .filter(c -> !c.getSimpleName().equals("module-info") && !c.getSimpleName().equals("package-info"))
                .count();
    }

    /**
     * System.currentTimeMillis(), System.nanoTime(), any java.time {@code now()} without a clock, new Date().
     *
     * @return the condition
     */
    public static ArchCondition<JavaClass> notReadTheSystemTime() {
        return new ArchCondition<>("not read the system time") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (JavaAccess<?> access : item.getAccessesFromSelf()) {
                    String owner = access.getTargetOwner().getName();
                    String name = access.getName();
                    boolean noArguments = access.getTarget() instanceof AccessTarget.CodeUnitAccessTarget target
                            && target.getRawParameterTypes().isEmpty();
                    boolean reads = (owner.equals("java.lang.System")
                                    && (name.equals("currentTimeMillis") || name.equals("nanoTime")))
                            || (owner.startsWith("java.time.") && name.equals("now") && noArguments)
                            || (owner.equals("java.util.Date") && name.equals("<init>") && noArguments);
                    if (reads) {
                        events.add(SimpleConditionEvent.violated(item, access.getDescription()));
                    }
                }
            }
        };
    }

    /**
     * Final, sealed, a record, an enum or an interface (annotations included).
     *
     * @return the condition
     */
    public static ArchCondition<JavaClass> beClosedForExtension() {
        return new ArchCondition<>("be final, sealed, a record, an enum or an interface") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                Class<?> type = item.reflect();
                boolean closed = item.getModifiers().contains(JavaModifier.FINAL)
                        || type.isSealed() || type.isRecord() || type.isEnum() || type.isInterface();
                if (!closed) {
                    events.add(SimpleConditionEvent.violated(item, item.getName() + " can be extended by anyone"));
                }
            }
        };
    }

    /**
     * The packages the module's descriptor exports (unqualified exports only).
     *
     * @return the package names
     */
    public Set<String> exportedPackages() {
        try (InputStream in = Files.newInputStream(mainClasses.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in).exports().stream()
                    .filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
