package dev.kairos.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import dev.kairos.archrules.ArchRules;
import org.junit.jupiter.api.Test;

/**
 * The module's architecture (DESIGN.md, "Modules"; STYLE.md, "Code"), checked on its compiled main classes with
 * the shared rules of {@link ArchRules} plus this module's own dependency direction.
 */
class ArchitectureTest {

    private static final ArchRules RULES = ArchRules.ofModuleOf(TotpVerifier.class);

    @Test
    void coreDependsOnlyOnTheJdkAndCommonsCodec() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("dev.kairos.core..", "java..", "javax.crypto..", "org.apache.commons.codec..")
                .because("core has exactly one runtime dependency, commons-codec (DESIGN.md)")
                .check(RULES.imported());
    }

    @Test
    void coreKnowsNothingOfQrStoresSqlHttpOrSpring() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.kairos.qr..", "dev.kairos.store..", "dev.kairos.mfa..", "java.sql..", "javax.sql..", "com.sun.net.httpserver..", "java.net.http..", "org.springframework..")
                .because("the dependency direction is core <- qr and core <- store-spi <- mfa (DESIGN.md)")
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
