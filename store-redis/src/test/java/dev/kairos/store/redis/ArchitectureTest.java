package dev.kairos.store.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import dev.kairos.archrules.ArchRules;
import org.junit.jupiter.api.Test;

/**
 * The module's architecture (DESIGN.md, "Modules"; STYLE.md, "Code"), checked on its compiled main classes with
 * the shared rules of {@link ArchRules} plus this module's own dependency direction.
 */
class ArchitectureTest {

    private static final ArchRules RULES = ArchRules.ofModuleOf(RedisEnrollmentStore.class);

    @Test
    void theRedisStoreKnowsOnlyTheSpiCoreAndLettuce() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("dev.kairos.store..", "dev.kairos.core..", "java..", "io.lettuce..", "io.netty..", "reactor..")
                .because("store-redis depends on store-spi and Lettuce only (DESIGN.md)")
                .check(RULES.imported());
    }

    @Test
    void theRedisStoreKnowsNothingOfTheServiceSqlHttpOrSpring() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.kairos.mfa..", "dev.kairos.qr..", "java.sql..", "com.sun.net.httpserver..", "java.net.http..", "org.springframework..")
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
