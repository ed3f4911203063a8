package dev.kairos.core;

import java.time.Instant;

/** The runnable example the README's first set-up command starts: a secret, its codes, and verification. */
public final class QuickStartExample {

    private QuickStartExample() {
    }

    public static void main(String[] args) {
        Secret secret = Secret.generate();
        Totp totp = Totp.of(secret, TotpParameters.defaults());
        System.out.println("New secret (type it into an authenticator app): " + secret.toManualEntryKey());
        TotpVerifier verifier = TotpVerifier.builder().build();
        String code = totp.codeAt(Instant.now());
        System.out.println("Code now:           " + code);
        System.out.println("Verify it:          " + verifier.verify("alice", totp, code));
        System.out.println("Verify it again:    " + verifier.verify("alice", totp, code));
        System.out.println("Verify \"000000\":    " + verifier.verify("alice", totp, "000000"));
        System.out.println("Verify \"١٢٣٤٥٦\":    " + verifier.verify("alice", totp, "١٢٣٤٥٦"));
    }
}
