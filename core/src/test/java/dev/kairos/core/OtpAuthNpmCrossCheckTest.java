package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks with the npm {@code otpauth} package, an independent implementation of the Key URI Format. The
 * test data and the order of commands that produce it are described in
 * {@code core/src/test/scripts/otpauth-npm/generate.mjs}.
 */
class OtpAuthNpmCrossCheckTest {

    private static final String DIR = "/otpauth-npm/";
    private static final Path SOURCE_DIR = Path.of("src/test/resources/otpauth-npm");

    /** One row of the tab-separated files that generate.mjs writes. */
    record Row(String uri, String type, String issuer, String account, String secret, String algorithm,
            String digits, String period, String counter) {

        static Row of(String line) {
            String[] f = line.split("\t", -1);
            assertEquals(9, f.length, () -> "expected 9 columns in: " + line);
            return new Row(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]);
        }
    }

    @Test
    void kairosParsesEveryUriOtpauthMadeIntoTheInputsItWasMadeFrom() throws IOException {
        List<Row> rows = rows("otpauth-made.tsv");
        assertTrue(rows.size() >= 40, "rows: " + rows.size());
        int refused = 0;
        for (Row r : rows) {
            if (hasColon(r.issuer()) || hasColon(r.account())) {
                // otpauth writes a colon inside issuer or account (as %3A); the Key URI Format forbids it and
                // readers split such labels differently, so Kairos refuses it, naming the colon.
                InvalidOtpAuthUriException e = assertThrows(InvalidOtpAuthUriException.class,
                        () -> OtpAuthUri.parse(r.uri()), r.uri());
                assertTrue(e.getMessage().contains("':'"), e.getMessage());
                refused++;
                continue;
            }
            OtpAuthUri uri = OtpAuthUri.parse(r.uri());
            assertEquals(r.type(), uri.type().uriName(), r.uri());
            assertEquals(r.issuer().isEmpty() ? Optional.empty() : Optional.of(r.issuer()), uri.issuer(), r.uri());
            assertEquals(r.account(), uri.account(), r.uri());
            assertEquals(Secret.fromBase32(r.secret()), uri.secret(), r.uri());
            assertEquals(HmacAlgorithm.valueOf(r.algorithm()), uri.algorithm(), r.uri());
            assertEquals(Integer.parseInt(r.digits()), uri.digits(), r.uri());
            assertEquals(r.period().equals("-") ? Optional.empty()
                    : Optional.of(Duration.ofSeconds(Long.parseLong(r.period()))), uri.period(), r.uri());
            assertEquals(r.counter().equals("-") ? OptionalLong.empty()
                    : OptionalLong.of(Long.parseLong(r.counter())), uri.counter(), r.uri());
            // And what Kairos writes from it, otpauth's own text parses back to.
            assertEquals(uri, OtpAuthUri.parse(uri.toUriString()));
        }
        assertEquals(9, refused, "the rows with a colon in issuer or account");
    }

    @Test
    void otpauthReadsEveryKairosUriAsKairosDoes() throws IOException {
        List<Row> rows = rows("otpauth-read-kairos.tsv");
        assertEquals(kairosUris().size(), rows.size());
        for (Row r : rows) {
            OtpAuthUri uri = OtpAuthUri.parse(r.uri());
            assertEquals(uri.type().uriName(), r.type(), r.uri());
            assertEquals(uri.secret().toBase32(), r.secret(), r.uri());
            assertEquals(uri.algorithm().name(), r.algorithm(), r.uri());
            assertEquals(Integer.toString(uri.digits()), r.digits(), r.uri());
            assertEquals(uri.period().map(p -> Long.toString(p.toSeconds())).orElse("-"), r.period(), r.uri());
            assertEquals(uri.counter().isPresent() ? Long.toString(uri.counter().getAsLong()) : "-", r.counter(),
                    r.uri());
            // otpauth splits the label at the first ':' or '%3A'; with no colon inside issuer or account (Kairos
            // refuses one) it reads every label exactly as Kairos does.
            assertEquals(uri.issuer().orElse(""), r.issuer(), r.uri());
            assertEquals(uri.account(), r.account(), r.uri());
        }
    }

    /**
     * The committed input of generate.mjs must be what Kairos writes today; run with
     * {@code -Dkairos.regenerate=true} to rewrite it (then rerun generate.mjs).
     */
    @Test
    void theCommittedKairosUriListIsWhatKairosWritesToday() throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# URIs written by Kairos OtpAuthUri.toUriString(), the input of generate.mjs (step 2).\n");
        sb.append("# Produced by: mvn -q -pl core test -Dtest=OtpAuthNpmCrossCheckTest -Dkairos.regenerate=true\n");
        for (OtpAuthUri uri : kairosUris()) {
            sb.append(uri.toUriString()).append('\n');
        }
        String expected = sb.toString();
        if (Boolean.getBoolean("kairos.regenerate")) {
            Files.writeString(SOURCE_DIR.resolve("kairos-uris.txt"), expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, resource("kairos-uris.txt"));
    }

    /** A fixed, varied list: hand-picked names, then seeded random ones from the property test's pieces. */
    static List<OtpAuthUri> kairosUris() {
        String[][] names = {
            {"ACME Corp", "alice@acme.test"}, {null, "bob@example.com"}, {"Jürgen & Söhne", "jürgen@example.de"},
            {"100% Sure", "a+b@x.test"}, {"株式会社テスト", "ユーザー"}, {"🔐 Vault", "ops 😀 team"},
            {"Slash/Co", "path/to/me"}, {"O'Neil (Ops)!", "star*user"}, {"x=y&z", "q?r#s"},
            {"Colon:Issuer", "plain"}, {"ACME", "bob:with:colons"}, {null, "no-issuer:colon"},
        };
        Random random = new Random(2026);
        List<OtpAuthUri> uris = new ArrayList<>();
        HmacAlgorithm[] algorithms = HmacAlgorithm.values();
        int[] secretLengths = {16, 20, 32, 64};
        for (int i = 0; i < 48; i++) {
            String issuer;
            String account;
            if (i < names.length) {
                issuer = names[i][0];
                account = names[i][1];
            } else {
                issuer = random.nextInt(5) == 0 ? null : randomText(random);
                account = randomText(random);
            }
            byte[] key = new byte[secretLengths[i % 4]];
            random.nextBytes(key);
            Secret secret = Secret.fromBytes(key);
            HmacAlgorithm algorithm = algorithms[i % 3];
            int digits = 6 + random.nextInt(5);
            OtpAuthUri.Builder b = i % 4 == 3
                    // otpauth reads counters as JavaScript numbers: keep them below 2^53
                    ? OtpAuthUri.hotp(secret, algorithm, digits, random.nextInt(3) == 0 ? 0 : random.nextInt(Integer.MAX_VALUE))
                    : OtpAuthUri.totp(secret, TotpParameters.of(algorithm, digits,
                            Duration.ofSeconds(new long[] {30, 60, 15, 1, 86400}[random.nextInt(5)])));
            // The hand-picked names with a colon are refused since the Key URI Format's rule "neither issuer nor
            // account name may themselves contain a colon" is enforced; the random draws above happen anyway, so
            // every other URI stays as generate.mjs read it.
            if (hasColon(issuer) || hasColon(account)) {
                continue;
            }
            if (issuer != null) {
                b = b.issuer(issuer);
            }
            uris.add(b.account(account));
        }
        return uris;
    }

    private static boolean hasColon(String text) {
        return text != null && text.indexOf(':') >= 0;
    }

    private static String randomText(Random random) {
        while (true) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + random.nextInt(10);
            for (int i = 0; i < n; i++) {
                List<String> pieces = OtpAuthUriProperties.PIECES;
                String piece = pieces.get(random.nextInt(pieces.size()));
                if (!piece.equals(":")) { // colons get their own hand-picked cases above
                    sb.append(piece);
                }
            }
            String s = sb.toString().strip();
            if (!s.isEmpty()) {
                return s;
            }
        }
    }

    private static List<Row> rows(String name) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : resource(name).split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                rows.add(Row.of(line));
            }
        }
        return rows;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = OtpAuthNpmCrossCheckTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IOException("missing test resource " + DIR + name + "; see generate.mjs");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
