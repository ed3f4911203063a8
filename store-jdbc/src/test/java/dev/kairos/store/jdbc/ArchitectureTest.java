package dev.kairos.store.jdbc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import dev.kairos.archrules.ArchRules;
import org.junit.jupiter.api.Test;

/**
 * The module's architecture (DESIGN.md, "Modules"; STYLE.md, "Code"), checked on its compiled main classes with
 * the shared rules of {@link ArchRules} plus this module's own dependency direction.
 */
class ArchitectureTest {

    private static final ArchRules RULES = ArchRules.ofModuleOf(JdbcEnrollmentStore.class);

    @Test
    void theJdbcStoreKnowsOnlyTheSpiCoreAndJdbc() {
        // org.jspecify.annotations: nullness annotations, compile time only (requires static).
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("dev.kairos.store..", "dev.kairos.core..", "java..", "javax.sql..", "org.jspecify.annotations..")
                .because("store-jdbc depends on store-spi only (DESIGN.md)")
                .check(RULES.imported());
    }

    @Test
    void theJdbcStoreKnowsNothingOfTheServiceHttpOrSpring() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.kairos.mfa..", "dev.kairos.qr..", "com.sun.net.httpserver..", "java.net.http..", "org.springframework..")
                .because("a store keeps records; the service logic lives in mfa (DESIGN.md)")
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
