package dev.kairos.qr;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import dev.kairos.archrules.ArchRules;
import org.junit.jupiter.api.Test;

/**
 * The module's architecture (DESIGN.md, "Modules"; STYLE.md, "Code"), checked on its compiled main classes with
 * the shared rules of {@link ArchRules} plus this module's own dependency direction.
 */
class ArchitectureTest {

    private static final ArchRules RULES = ArchRules.ofModuleOf(QrCode.class);

    @Test
    void qrKnowsOnlyCoreOfKairos() {
        // org.jspecify.annotations: nullness annotations, compile time only (requires static).
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("dev.kairos.qr..", "dev.kairos.core..", "java..", "javax.imageio..", "com.google.zxing..", "org.jspecify.annotations..")
                .because("qr depends on core and zxing-core only (DESIGN.md)")
                .check(RULES.imported());
    }

    @Test
    void qrKnowsNothingOfStoresSqlHttpOrSpring() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.kairos.store..", "dev.kairos.mfa..", "java.sql..", "javax.sql..", "com.sun.net.httpserver..", "java.net.http..", "org.springframework..")
                .because("rendering a QR code needs no persistence and no HTTP (DESIGN.md)")
                .check(RULES.imported());
    }

    @Test
    void noProductionClassReadsTheTimeExceptThroughAnInjectedClock() {
        RULES.noClassReadsTheSystemTime();
    }

    @Test
    void everyPublicClassLiesInAnExportedPackage() {
        RULES.everyPublicClassLiesInAnExportedPackage();
    }

    @Test
    void everyPublicClassOfTheApiIsFinalSealedARecordAnEnumOrAnInterface() {
        RULES.everyPublicTypeIsClosedForExtension();
    }
}
