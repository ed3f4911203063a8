package dev.kairos.demo;

import dev.kairos.store.tck.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.OtpAuthUri;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MFA enrollments live in the H2 file of the JDBC store: they outlive the server, and so does the replay guard. */
class PersistenceTest {

    @Test
    void anEnrollmentAndItsLastAcceptedStepSurviveARestart(@TempDir Path data) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:05Z"));
        String account = "alice@acme.test";
        String code;
        Totp app;
        try (DemoServer first = DemoServer.start(0, clock, 1_000, data)) {
            Mfa.Setup setup = first.mfa().begin(account);
            app = Totp.of(OtpAuthUri.parse(qrText(setup)).secret(), TotpParameters.defaults());
            code = app.codeAt(clock.instant());
            assertInstanceOf(Mfa.Confirmed.class, first.mfa().confirm(account, code));
            clock.advance(Duration.ofSeconds(30));
            code = app.codeAt(clock.instant());
            assertInstanceOf(Mfa.Accepted.class, first.mfa().verify(account, code));
        }
        assertTrue(Files.exists(data.resolve("kairos.mv.db")), "the H2 database file");
        assertTrue(Files.exists(data.resolve("sealing-key.bin")), "the sealing key");

        try (DemoServer second = DemoServer.start(0, clock, 1_000, data)) {
            assertTrue(second.mfa().isActive(account), "still enrolled after the restart");
            assertEquals(new Mfa.Refused(Mfa.Reason.REPLAYED, null), second.mfa().verify(account, code),
                    "a code used before the restart stays used");
            clock.advance(Duration.ofSeconds(30));
            assertInstanceOf(Mfa.Accepted.class, second.mfa().verify(account, app.codeAt(clock.instant())));
            assertFalse(second.mfa().isActive("bob@acme.test"));
        }
    }

    /** The setup page's key, as the user would type it, made into the URI the QR code holds. */
    private static String qrText(Mfa.Setup setup) {
        return "otpauth://totp/x:y?secret=" + setup.manualEntryKey().replace(" ", "");
    }
}
