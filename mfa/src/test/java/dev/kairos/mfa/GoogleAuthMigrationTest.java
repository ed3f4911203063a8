package dev.kairos.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.warrenstrange.googleauth.GoogleAuthenticator;
import com.warrenstrange.googleauth.GoogleAuthenticatorKey;
import dev.kairos.core.InvalidSecretException;
import dev.kairos.core.Secret;
import dev.kairos.core.TotpParameters;
import dev.kairos.store.InMemoryEnrollmentStore;
import dev.kairos.store.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Backs {@code docs/migrating.md}, "From GoogleAuth": credentials and scratch codes that GoogleAuth
 * ({@code com.warrenstrange:googleauth}) created are imported, and the codes GoogleAuth computes are then accepted by
 * Kairos, each once; a scratch code signs in once.
 */
class GoogleAuthMigrationTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:07Z"));
    final Enrollments mfa = Enrollments.builder(new InMemoryEnrollmentStore()).issuer("ACME Corp").clock(clock)
            .sealWith(KeyRing.of("k1", new byte[32])).build();
    final GoogleAuthenticator googleAuth = new GoogleAuthenticator();

    /**
     * Credentials as GoogleAuth made them. 1.5.0 makes 160-bit keys and refuses fewer than 128 bits; its releases
     * before 1.2 made 80-bit keys (16 Base32 characters), which repositories still hold. For those, the key is the
     * first 16 characters of a new one: 80 bits of the same random stream, in the old length. GoogleAuth 1.5.0
     * computes codes for keys of any length, so the codes below still come from GoogleAuth itself.
     */
    private GoogleAuthenticatorKey credentials() {
        return googleAuth.createCredentials();
    }

    private static String key(GoogleAuthenticatorKey credentials, boolean eightyBits) {
        return eightyBits ? credentials.getKey().substring(0, 16) : credentials.getKey();
    }

    /** GoogleAuth returns codes as an int: a code with leading zeros must be padded back to 6 digits. */
    private String googleAuthCode(String key) {
        return String.format(Locale.ROOT, "%06d", googleAuth.getTotpPassword(key, clock.millis()));
    }

    /** What docs/migrating.md tells a GoogleAuth user to write, for one row of their credential repository. */
    private void importFromGoogleAuth(String accountId, String key, List<Integer> scratchCodes) {
        Secret secret = Secret.fromBase32Legacy(key); // 80-bit keys of older GoogleAuth releases, or 160-bit ones
        List<String> codes = scratchCodes.stream().map(c -> Integer.toString(c)).toList();
        mfa.importEnrollment(accountId, accountId, secret, TotpParameters.defaults(), OptionalLong.empty(), codes,
                false);
    }

    @Test
    void codesGoogleAuthComputesAreAcceptedOnceAfterTheImport() {
        for (int user = 0; user < 20; user++) {
            boolean old = user % 2 == 0;
            GoogleAuthenticatorKey credentials = credentials();
            String key = key(credentials, old);
            String id = "user" + user + "@acme.test";
            importFromGoogleAuth(id, key, credentials.getScratchCodes());
            assertEquals(old, mfa.usesLegacySecret(id), "80-bit keys are legacy, 160-bit ones are not");

            String code = googleAuthCode(key);
            assertInstanceOf(LoginCheck.Accepted.class, mfa.verify(id, code), id);
            assertEquals(new Outcome.Replayed(), mfa.verify(id, code), id);
            clock.advance(Duration.ofSeconds(30));
            assertInstanceOf(LoginCheck.Accepted.class, mfa.verify(id, googleAuthCode(key)), id);
        }
    }

    @Test
    void aGoogleAuthScratchCodeSignsInOnce() {
        GoogleAuthenticatorKey credentials = credentials();
        importFromGoogleAuth("alice@acme.test", key(credentials, true), credentials.getScratchCodes());
        String scratch = Integer.toString(credentials.getScratchCodes().get(0));
        int issued = credentials.getScratchCodes().size();

        assertEquals(new RecoveryResult.Recovered(issued - 1), mfa.recover("alice@acme.test", scratch));
        assertEquals(new Outcome.WrongCode(1), mfa.recover("alice@acme.test", scratch));
    }

    @Test
    void withoutTheLegacyOptInGoogleAuthsKeyIsRefusedAndTheMessageSaysWhatToDo() {
        String key = key(credentials(), true);
        InvalidSecretException e = assertThrows(InvalidSecretException.class, () -> Secret.fromBase32(key));
        assertTrue(e.getMessage().contains("fromBase32Legacy"), e.getMessage());
    }
}
