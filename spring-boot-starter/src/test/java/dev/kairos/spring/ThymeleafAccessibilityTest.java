package dev.kairos.spring;

import dev.kairos.spring.sample.SampleApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** {@link AccessibilityTest} on the pages rendered from the shipped Thymeleaf templates. */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.autoconfigure.exclude=")
@Import(TestClock.class)
class ThymeleafAccessibilityTest extends AccessibilityTest {
}
