package dev.kairos.mfa;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import dev.kairos.archrules.ArchRules;
import org.junit.jupiter.api.Test;

/**
 * The module's architecture (DESIGN.md, "Modules"; STYLE.md, "Code"), checked on its compiled main classes with
 * the shared rules of {@link ArchRules} plus this module's own dependency direction.
 */
class ArchitectureTest {

    private static final ArchRules RULES = ArchRules.ofModuleOf(Enrollments.class);

    @Test
    void theServiceKnowsOnlyTheSpiCoreAndTheJdk() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("dev.kairos.mfa..", "dev.kairos.store", "dev.kairos.core..", "java..", "javax.crypto..")
                .because("the direction is core <- store-spi <- mfa (DESIGN.md)")
                .check(RULES.imported());
    }

    @Test
    void theServiceKnowsNothingOfConcreteStoresSqlHttpOrSpring() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.kairos.store.jdbc..", "dev.kairos.store.redis..", "dev.kairos.qr..", "java.sql..", "javax.sql..", "com.sun.net.httpserver..", "java.net.http..", "org.springframework..")
                .because("persistence belongs to EnrollmentStore implementations, HTTP and Spring to the host (DESIGN.md)")
                .check(RULES.imported());
    }

    @Test
    void noProductionClassReadsTheTimeExceptThroughAnInjectedClock() {
        RULES.noClassReadsTheSystemTime();
    }

    @Test
    void noClassKeepsStateInAThreadLocal() {
        RULES.noClassUsesAThreadLocal();
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
