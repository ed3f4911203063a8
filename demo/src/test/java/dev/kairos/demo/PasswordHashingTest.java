package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Finding 6: password hashing (PBKDF2, 600,000 iterations) had no concurrency limit, so 16 parallel wrong
 * passwords took every core and slowed every page to 2–4 s. Now at most one check per core runs at once; a
 * sign-in that cannot get a turn within 250 ms gets the "busy, try again" page (503) instead of queueing.
 */
class PasswordHashingTest {

    @TempDir
    static Path data;
    private static Portals portals;
    private static String base;
    private static PasswordSignIn signIn;

    @BeforeAll
    static void start() throws Exception {
        portals = new Portals(data);
        // The real cost, and no throttling: the flood must reach the hashing for this test to mean anything.
        ConfigurableApplicationContext app = portals.start(PortalKind.DEVELOPER,
                "kairos.demo.password-iterations=600000", "kairos.demo.throttle.account-threshold=100000",
                "kairos.demo.throttle.address-threshold=100000", "kairos.demo.throttle.pair-threshold=100000");
        base = Portals.base(app);
        signIn = app.getBean(PasswordSignIn.class);
    }

    @AfterAll
    static void stop() {
        portals.close();
    }

    @Test
    void sixteenParallelWrongPasswordsGetBusyPagesWhileOtherPagesStayResponsive() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        AtomicBoolean flooding = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        ExecutorService attackers = Executors.newFixedThreadPool(16);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int n = i;
            running.add(attackers.submit(() -> {
                PortalClient attacker = new PortalClient(base);
                while (flooding.get()) {
                    statuses.add(attacker.signIn("alice@acme.test", "guess-" + n).statusCode());
                }
                return null;
            }));
        }
        try {
            Thread.sleep(1_000);
            PortalClient someoneElse = new PortalClient(base);
            long worst = 0;
            for (int i = 0; i < 10; i++) {
                long start = System.nanoTime();
                HttpResponse<String> page = someoneElse.get("/login");
                worst = Math.max(worst, (System.nanoTime() - start) / 1_000_000);
                assertEquals(200, page.statusCode());
                Thread.sleep(100);
            }
            assertTrue(worst < 2_000, "the sign-in page took up to " + worst + " ms during the flood");
        } finally {
            flooding.set(false);
            attackers.shutdown();
            assertTrue(attackers.awaitTermination(60, TimeUnit.SECONDS));
        }
        for (Future<?> f : running) {
            f.get();
        }
        assertTrue(signIn.hashingPeak() <= cores, "at most " + cores + " checks at once, saw " + signIn.hashingPeak());
        assertTrue(statuses.contains(503), "some of the flood got the busy page: " + statuses);
        assertTrue(statuses.contains(401), "control: the flood's passwords were checked too: " + statuses);
        // After the flood the real user signs in at once.
        assertEquals(302, new PortalClient(base).signIn("alice@acme.test", "alice-demo-password").statusCode());
    }
}
