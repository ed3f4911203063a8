package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.Secret;
import dev.kairos.core.Totp;
import dev.kairos.core.TotpParameters;
import dev.kairos.mfa.Enrollments;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Enrolling over HTTP as the wizard does, reading the key to type from the page. */
final class Mfa {

    private static final Pattern KEY = Pattern.compile("id=\"manual-key\">([A-Z2-7 ]+)<");
    private static final Pattern CODE_ITEM = Pattern.compile("<li><code>([^<]+)</code></li>");

    /** The authenticator app and the recovery codes of an account that just enrolled. */
    record Enrolled(Totp app, List<String> recoveryCodes, HttpResponse<String> page) {}

    private Mfa() {
    }

    /**
     * Sets up the administrator's MFA as the README says: the wizard asks for an enrollment ticket (the password
     * alone does not bind), here one issued by {@code system} as at the demo's first start. The client must be
     * signed in as {@code admin@acme.test}.
     */
    static Enrolled enrollAdministrator(PortalClient client, java.time.Clock clock, Enrollments enrollments)
            throws IOException, InterruptedException {
        HttpResponse<String> asks = client.get("/mfa/setup");
        assertEquals(403, asks.statusCode(), asks.body());
        assertTrue(asks.body().contains("id=\"ticket\""), asks.body());
        String ticket = enrollments.issueTicket("admin@acme.test", "system", java.time.Duration.ofDays(7)).ticket();
        HttpResponse<String> begun = client.post("/mfa/setup/begin", "ticket", ticket);
        assertEquals("/mfa/setup", PortalClient.location(begun), begun.body());
        return enroll(client, clock);
    }

    /** The "app" a user makes by typing the key the wizard shows; asserts the page shows one. */
    static Totp app(HttpResponse<String> wizard) {
        assertEquals(200, wizard.statusCode(), wizard.body());
        Matcher key = KEY.matcher(wizard.body());
        assertTrue(key.find(), wizard.body());
        return Totp.of(Secret.fromBase32(key.group(1)), TotpParameters.defaults());
    }

    /** Opens the wizard, types the key into an "app", confirms with its code. The client must be signed in. */
    static Enrolled enroll(PortalClient client, java.time.Clock clock) throws IOException, InterruptedException {
        Totp app = app(client.get("/mfa/setup"));
        HttpResponse<String> done = client.post("/mfa/setup", "code", app.codeAt(clock.instant()));
        assertEquals(200, done.statusCode(), done.body());
        List<String> codes = new ArrayList<>();
        Matcher m = CODE_ITEM.matcher(done.body());
        while (m.find()) {
            codes.add(m.group(1));
        }
        assertEquals(10, codes.size(), done.body());
        return new Enrolled(app, codes, done);
    }
}
