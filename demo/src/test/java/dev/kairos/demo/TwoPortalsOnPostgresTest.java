package dev.kairos.demo;

import static dev.kairos.demo.PortalClient.location;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Both portals on PostgreSQL instead of H2, through {@code spring.datasource.*} only (an embedded server from
 * Maven's binaries): the demo's tables, the replay guard across the portals and the audit log.
 */
class TwoPortalsOnPostgresTest {

    @TempDir
    static Path data;
    private static EmbeddedPostgres postgres;
    private static Portals portals;
    private static String developer;
    private static String dashboard;
    private static AuditLog audit;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        String[] db = {"spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
            "spring.datasource.username=postgres", "spring.datasource.password="};
        portals = new Portals(data);
        developer = Portals.base(portals.start(PortalKind.DEVELOPER, db));
        ConfigurableApplicationContext other = portals.start(PortalKind.DASHBOARD, db);
        dashboard = Portals.base(other);
        audit = other.getBean(AuditLog.class);
    }

    @AfterAll
    static void stop() throws Exception {
        if (portals != null) {
            portals.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aCodeUsedOnOnePortalIsRefusedOnTheOtherOnPostgres() throws Exception {
        PortalClient here = new PortalClient(developer);
        assertEquals("/account", location(here.signIn("alice@acme.test", "alice-demo-password")));
        Mfa.Enrolled app = Mfa.enroll(here, portals.clock);
        portals.clock.advance(Duration.ofSeconds(30));
        String code = app.app().codeAt(portals.clock.instant());
        here.signIn("alice@acme.test", "alice-demo-password", code);

        PortalClient there = new PortalClient(dashboard);
        there.signIn("alice@acme.test", "alice-demo-password");
        there.get("/login/totp");
        HttpResponse<String> replay = there.post("/login/totp", "code", code);
        assertEquals(401, replay.statusCode());
        assertTrue(replay.body().contains("already used"), replay.body());
        assertTrue(audit.about("alice@acme.test").stream().anyMatch(e -> e.action().equals("CONFIRMED")
                && e.portal().equals("developer")), "the dashboard reads what the developer portal wrote");
    }
}
