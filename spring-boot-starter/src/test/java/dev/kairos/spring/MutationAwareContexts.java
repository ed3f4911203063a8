package dev.kairos.spring;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Spring test contexts under mutation testing (docs/mutation-testing.md). PIT swaps each mutant into one running JVM
 * after another; a context Spring cached before the swap keeps the beans it built from other code (a configurer's
 * filters, constructors, {@code @Bean} methods), so a mutant there would go untested, and a context broken by one
 * mutant would fail the tests of the next. When PIT's agent is in the JVM, this factory counts the redefinitions of
 * Kairos classes and puts the count in every test's context key: after a swap each test configuration gets a context
 * built from the code as it is now, and within one mutant's tests contexts are cached as usual. Outside PIT the
 * count stays 0 and the key never changes, so a normal build caches exactly as without this class. In PIT's
 * coverage run (no redefinitions yet) every test run gets contexts of its own, so that each test is credited with the
 * start-up code it runs.
 */
public final class MutationAwareContexts implements ContextCustomizerFactory {

    private static final AtomicLong REDEFINITIONS = new AtomicLong();
    private static final AtomicLong COVERAGE_RUNS = new AtomicLong();
    private static final boolean UNDER_PIT = watchRedefinitions();

    /** Created by Spring's factory loader ({@code META-INF/spring.factories}). */
    public MutationAwareContexts() {
    }

    private static boolean watchRedefinitions() {
        ClassFileTransformer counter = new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                    ProtectionDomain protectionDomain, byte[] classfileBuffer) {
                if (classBeingRedefined != null && className != null && className.startsWith("dev/kairos/")) {
                    REDEFINITIONS.incrementAndGet();
                }
                return null; // observed, never changed
            }
        };
        try {
            Class.forName("org.pitest.boot.HotSwapAgent").getMethod("addTransformer", ClassFileTransformer.class)
                    .invoke(null, counter);
            return true;
        } catch (ReflectiveOperationException | LinkageError notUnderPit) {
            return false;
        }
    }

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        if (!UNDER_PIT) {
            return new Generation(0);
        }
        long redefinitions = REDEFINITIONS.get();
        // PIT's coverage run redefines nothing: there each test run builds its own contexts, so that every test is
        // credited with the start-up code it runs (else only the first test to build a context would be, and only
        // it would be run against a mutant there).
        return new Generation(redefinitions == 0 ? -COVERAGE_RUNS.incrementAndGet() : redefinitions);
    }

    /** Part of the context's cache key: the code generation the context was built from. Changes nothing else. */
    record Generation(long redefinitions) implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        }
    }
}
