package dev.kairos.qr;

import dev.kairos.core.HmacAlgorithm;
import dev.kairos.core.OtpAuthUri;
import dev.kairos.core.Secret;
import dev.kairos.core.TotpParameters;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/** Varied, valid otpauth:// URIs for the rendering tests. */
final class Uris {
    private Uris() {
    }

    static final List<String> PIECES = List.of("a", "Z", "q", "0", "7", " ", "@", ":", "&", "%", "+", "/", "=",
            "?", "#", "-", ".", "é", "ß", "ж", "中", "😀", "🔐", "acme", "alice", "Corp");

    static OtpAuthUri typical() {
        return OtpAuthUri.totp(Secret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"), TotpParameters.defaults())
                .issuer("ACME Corp").account("alice@acme.test");
    }

    static OtpAuthUri random(Random random) {
        byte[] key = new byte[new int[] {16, 20, 32, 64}[random.nextInt(4)]];
        random.nextBytes(key);
        Secret secret = Secret.fromBytes(key);
        HmacAlgorithm algorithm = HmacAlgorithm.values()[random.nextInt(3)];
        int digits = 6 + random.nextInt(5);
        OtpAuthUri.Builder b = random.nextInt(4) == 0
                ? OtpAuthUri.hotp(secret, algorithm, digits, random.nextInt(Integer.MAX_VALUE))
                : OtpAuthUri.totp(secret, TotpParameters.of(algorithm, digits,
                        Duration.ofSeconds(1 + random.nextInt(86400))));
        if (random.nextInt(5) > 0) {
            b = b.issuer(text(random));
        }
        return b.account(text(random));
    }

    private static String text(Random random) {
        while (true) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + random.nextInt(8);
            for (int i = 0; i < n; i++) {
                String piece = PIECES.get(random.nextInt(PIECES.size()));
                if (!piece.equals(":")) { // the Key URI Format forbids ':' in issuer and account
                    sb.append(piece);
                }
            }
            String s = sb.toString().strip();
            if (!s.isEmpty()) {
                return s;
            }
        }
    }
}
