package dev.kairos.spring;

import dev.kairos.spring.sample.SampleApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * {@link AccessibilityTest} on the pages rendered from the shipped Thymeleaf templates, and with Spring Session JDBC
 * (both auto-configurations, excluded for the other tests, are on): the flow signs in, turns MFA on (ending other
 * sessions in Spring Session's store, never this one) and off.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.autoconfigure.exclude=", "kairos.remembered-browsers.enabled=true"})
@Import(TestClock.class)
class ThymeleafAccessibilityTest extends AccessibilityTest {
}
