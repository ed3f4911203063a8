package dev.kairos.store.tck;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import dev.kairos.archrules.ArchRules;
import org.junit.jupiter.api.Test;

/**
 * The module's architecture (DESIGN.md, "Modules"; STYLE.md, "Code"), checked on its compiled main classes with
 * the shared rules of {@link ArchRules} plus this module's own dependency direction.
 */
class ArchitectureTest {

    private static final ArchRules RULES = ArchRules.ofModuleOf(EnrollmentStoreContract.class);

    @Test
    void theKitKnowsOnlyTheSpiCoreJunitAndTheJdk() {
        // org.jspecify.annotations: nullness annotations, compile time only (requires static).
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("dev.kairos.store..", "dev.kairos.core..", "java..", "org.junit..", "org.jspecify.annotations..")
                .because("the kit checks the SPI alone: a store implementer needs nothing else (DESIGN.md)")
                .check(RULES.imported());
    }

    @Test
    void theKitKnowsNothingOfTheServiceOrAnyStore() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.kairos.mfa..", "dev.kairos.store.jdbc..", "dev.kairos.store.redis..", "java.sql..", "javax.sql..", "com.sun.net.httpserver..", "java.net.http..", "org.springframework..")
                .because("the kit must run against any store without the service (DESIGN.md)")
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
    void everyPublicClassButTheKitItselfIsFinalSealedARecordAnEnumOrAnInterface() {
        // The kits are abstract on purpose: store and guard implementers extend them. Everything else stays closed.
        classes().that().arePublic().and().doNotHaveFullyQualifiedName(EnrollmentStoreContract.class.getName())
                .and().doNotHaveFullyQualifiedName(ReplayGuardContract.class.getName())
                .and().areNotNestedClasses()
                .should(ArchRules.beClosedForExtension())
                .because("public types are final or sealed, immutable and thread-safe (STYLE.md)")
                .check(RULES.imported());
    }
}
