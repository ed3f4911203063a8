package dev.kairos.spring;

import dev.kairos.store.tck.MutableClock;
import java.time.Clock;
import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** A clock the tests move: 5 s into a time step, so a code computed now stays valid while a request is made. */
@TestConfiguration(proxyBeanMethods = false)
public class TestClock {

    @Bean
    MutableClock clock() {
        return new MutableClock(Instant.parse("2026-03-02T09:00:05Z"));
    }
}
