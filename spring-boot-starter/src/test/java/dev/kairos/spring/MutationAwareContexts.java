package dev.kairos.spring;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;
import org.springframework.test.context.support.DependencyInjectionTestExecutionListener;

/**
 * Spring test contexts under mutation testing (docs/mutation-testing.md). PIT swaps each mutant into one running JVM
 * after another; a context Spring cached before the swap keeps the beans it built from other code (a configurer's
 * filters, constructors, {@code @Bean} methods), so a mutant there would go untested, and a context broken by one
 * mutant would fail the tests of the next. When PIT's agent is in the JVM, this factory counts the redefinitions of
 * Kairos classes and puts the count in every test's context key: after a swap each test configuration gets a context
 * built from the code as it is now, and within one mutant's tests contexts are cached as usual. Outside PIT the
 * count stays 0 and the key never changes, so a normal build caches exactly as without this class. In PIT's
 * coverage run {@link CoverageRun} gives each test method contexts of its own.
 */
public final class MutationAwareContexts implements ContextCustomizerFactory {

    private static final AtomicLong REDEFINITIONS = new AtomicLong();
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
        return new Generation(UNDER_PIT ? REDEFINITIONS.get() : 0);
    }

    /**
     * In PIT's coverage run (under PIT, before any redefinition) closes each test method's contexts after it, so the
     * next test builds its own and is credited with the start-up code it runs; otherwise only the first test to build
     * a context would be, and only it would be run against a mutant of that code. Registered in
     * {@code META-INF/spring.factories}; does nothing outside PIT or once mutants are swapped in.
     */
    public static final class CoverageRun extends AbstractTestExecutionListener {

        /** Created by Spring's factory loader. */
        public CoverageRun() {
        }

        @Override
        public void afterTestMethod(TestContext testContext) {
            if (UNDER_PIT && REDEFINITIONS.get() == 0 && testContext.hasApplicationContext()) {
                testContext.markApplicationContextDirty(DirtiesContext.HierarchyMode.EXHAUSTIVE);
                testContext.setAttribute(DependencyInjectionTestExecutionListener.REINJECT_DEPENDENCIES_ATTRIBUTE,
                        Boolean.TRUE);
            }
        }
    }

    /** Part of the context's cache key: the code generation the context was built from. Changes nothing else. */
    record Generation(long redefinitions) implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        }
    }
}
