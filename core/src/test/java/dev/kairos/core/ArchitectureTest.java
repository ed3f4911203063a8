package dev.kairos.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module's architecture (DESIGN.md, "Dependency direction"; STYLE.md, "Code"), checked on its compiled main
 * classes. The classes are imported from the folder {@link TotpVerifier} was loaded from, so the rules see exactly
 * the production code whether the tests run on the module path (Surefire) or the class path (PIT).
 */
class ArchitectureTest {

    private static final Path MAIN_CLASSES = mainClasses();
    private static final JavaClasses CORE = new ClassFileImporter().importPath(MAIN_CLASSES);

    @Test
    void coreKnowsNothingOfQrStoresSqlOrHttp() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "dev.kairos.qr..", "dev.kairos.store..", "java.sql..", "javax.sql..",
                        "com.sun.net.httpserver..", "java.net.http..")
                .because("the dependency direction is core <- qr and core <- store-spi <- store-jdbc (DESIGN.md)")
                .check(CORE);
    }

    @Test
    void coreDependsOnlyOnTheJdkAndCommonsCodec() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage(
                        "dev.kairos.core..", "java..", "javax.crypto..", "org.apache.commons.codec..")
                .because("core has exactly one runtime dependency, commons-codec (DESIGN.md)")
                .check(CORE);
    }

    @Test
    void noProductionClassReadsTheTimeExceptThroughAnInjectedClock() {
        classes().should(notReadTheSystemTime())
                .because("time comes from a java.time.Clock callers can inject (DESIGN.md, Invariants)")
                .check(CORE);
    }

    @Test
    void noClassKeepsStateInAThreadLocal() {
        // A ThreadLocal on a container's pooled thread outlives a redeployed application and pins its class loader,
        // and keeps the last key's pads in the thread; OtpEngine uses a static pool instead.
        noClasses().should().dependOnClassesThat().areAssignableTo(ThreadLocal.class)
                .because("no key material may stay with a thread, and no ThreadLocal may survive a redeploy")
                .check(CORE);
    }

    @Test
    void everyPublicClassLiesInAnExportedPackage() throws IOException {
        Set<String> exported = exportedPackages();
        classes().that().arePublic().should().resideInAnyPackage(exported.toArray(String[]::new))
                .because("a public class outside the exported packages is API nobody can reach; make it package-private")
                .check(CORE);
    }

    @Test
    void everyPublicClassOfTheApiIsFinalSealedARecordAnEnumOrAnInterface() throws IOException {
        Set<String> exported = exportedPackages();
        classes().that().arePublic().and().resideInAnyPackage(exported.toArray(String[]::new))
                .should(beClosedForExtension())
                .because("public types are final or sealed, immutable and thread-safe (STYLE.md)")
                .check(CORE);
    }

    // -----------------------------------------------------------------------------------------------------------
    // Shared with the other modules' ArchitectureTest (each module keeps its own copy: tests jars are not shared).

    /** System.currentTimeMillis(), System.nanoTime(), any java.time {@code now()} without a clock, new Date(). */
    static ArchCondition<JavaClass> notReadTheSystemTime() {
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

    /** Final, sealed, a record, an enum or an interface (annotations included). */
    static ArchCondition<JavaClass> beClosedForExtension() {
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

    /** The packages the module's descriptor exports (unqualified exports only). */
    private static Set<String> exportedPackages() throws IOException {
        try (InputStream in = Files.newInputStream(MAIN_CLASSES.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in).exports().stream()
                    .filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toSet());
        }
    }

    private static Path mainClasses() {
        try {
            return Path.of(TotpVerifier.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
