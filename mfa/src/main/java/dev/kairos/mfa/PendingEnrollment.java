package dev.kairos.mfa;

import dev.kairos.core.OtpAuthUri;
import dev.kairos.core.Secret;
import dev.kairos.core.TotpParameters;
import java.time.Instant;
import java.util.Objects;

/**
 * A begun, not yet confirmed enrollment, as {@link Enrollments#begin(String, String)} returns it: what the set-up
 * page shows (the key as text for manual entry, and the same as an {@code otpauth://} QR code) until the user
 * confirms with a code from the app. Immutable; {@link #toString()} never shows the secret.
 *
 * @param accountId the host's account id
 * @param label the account name the app shows (e.g. an e-mail address)
 * @param issuer the service name the app shows (e.g. {@code "ACME Corp"})
 * @param secret the new secret
 * @param parameters the TOTP parameters the app must use
 * @param expiresAt until when {@link Enrollments#confirm} accepts a code for it
 * @param handle the set-up's handle: keep it with the session that began the set-up (never in a URL or a log);
 *     {@link Enrollments#confirm} requires it, {@link Enrollments#pending} re-shows the set-up with it, and
 *     {@link Enrollments#restart} starts over with it. 128 random bits; only its hash is stored
 */
public record PendingEnrollment(String accountId, String label, String issuer, Secret secret,
        TotpParameters parameters, Instant expiresAt, String handle) {

    /**
     * Validates.
     *
     * @param accountId the host's account id
     * @param label the account name the app shows (e.g. an e-mail address)
     * @param issuer the service name the app shows (e.g. {@code "ACME Corp"})
     * @param secret the new secret
     * @param parameters the TOTP parameters the app must use
     * @param expiresAt until when {@link Enrollments#confirm} accepts a code for it
     * @param handle the set-up's handle
     * @throws NullPointerException if an argument is null
     */
    public PendingEnrollment {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(handle, "handle");
    }

    /**
     * Returns the {@code otpauth://} URI to show as a QR code (e.g. with {@code kairos-qr}), with the issuer and the
     * label. Its {@code toUriString()} holds the secret: show it to the enrolling user only, never log it ({@code
     * toString()} is redacted).
     *
     * @return the URI, e.g. {@code otpauth://totp/ACME%20Corp:alice%40acme.test?secret=...&issuer=ACME%20Corp}
     */
    public OtpAuthUri uri() {
        return OtpAuthUri.totp(secret, parameters).issuer(issuer).account(label);
    }

    /**
     * Returns the key as people type it into an authenticator app.
     *
     * @return Base32 in groups of four, e.g. {@code "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"}
     */
    public String manualEntryKey() {
        return secret.toManualEntryKey();
    }

    /**
     * Describes the pending enrollment without its secret and its handle.
     *
     * @return e.g. {@code "PendingEnrollment[accountId=alice, issuer=ACME Corp, expiresAt=...]"}
     */
    @Override
    public String toString() {
        return "PendingEnrollment[accountId=" + accountId + ", label=" + label + ", issuer=" + issuer
                + ", parameters=" + parameters + ", expiresAt=" + expiresAt + "]";
    }
}
