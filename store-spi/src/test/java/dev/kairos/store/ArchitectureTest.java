package dev.kairos.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import dev.kairos.archrules.ArchRules;
import org.junit.jupiter.api.Test;

/**
 * The module's architecture (DESIGN.md, "Modules"; STYLE.md, "Code"), checked on its compiled main classes with
 * the shared rules of {@link ArchRules} plus this module's own dependency direction.
 */
class ArchitectureTest {

    private static final ArchRules RULES = ArchRules.ofModuleOf(EnrollmentStore.class);

    @Test
    void storeSpiKnowsOnlyCoreOfKairosAndTheJdk() {
        // org.jspecify.annotations: nullness annotations, compile time only (requires static).
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("dev.kairos.store", "dev.kairos.core..", "java..", "org.jspecify.annotations..")
                .because("store-spi is only what a store implementer needs; it adds nothing beyond core (DESIGN.md)")
                .check(RULES.imported());
    }

    @Test
    void storeSpiKnowsNothingOfTheServiceSqlHttpOrSpring() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.kairos.mfa..", "dev.kairos.store.jdbc..", "dev.kairos.store.redis..", "dev.kairos.qr..", "java.sql..", "javax.sql..", "com.sun.net.httpserver..", "java.net.http..", "org.springframework..")
                .because("the service (mfa) and the stores build on the SPI, not the reverse (DESIGN.md)")
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

    /**
     * Seven types for find/insert/replace/delete, and six for one-round-trip sign-ins (issue 22): SignInState,
     * StoredEnrollment, and SignInWrite with its three answers (a sealed result, as every other result here).
     */
    @Test
    void theSpiHasAtMostThirteenPublicTypes() {
        org.junit.jupiter.api.Assertions.assertTrue(RULES.publicTypeCount() <= 13,
                "store-spi is only what a store implementer needs: " + RULES.publicTypeCount() + " public types");
    }
}
