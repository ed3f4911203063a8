package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class OtpAuthUriProperties {

    /** Pieces of issuers and accounts: everything that needs encoding, non-ASCII letters and emoji. */
    static final List<String> PIECES = List.of("a", "Z", "q", "0", "7", " ", "@", ":", "&", "%", "+", "/", "=",
            "?", "#", "-", ".", "_", "~", "!", "*", "'", "(", ")", ",", ";", "$", "\"", "<", "\\", "é", "ß", "Ü",
            "ж", "Ω", "中", "ئ", "😀", "🔐", "👩‍💻", "%20", "%3A", "+1");

    static Arbitrary<String> labelText() {
        // The Key URI Format forbids ':' in issuer and account (OtpAuthUri.checkIssuer); '%3A' is just text.
        return Arbitraries.of(PIECES).filter(piece -> !piece.equals(":")).list().ofMinSize(1).ofMaxSize(12)
                .map(l -> String.join("", l).strip())
                .filter(s -> !s.isEmpty());
    }

    @Provide
    static Arbitrary<OtpAuthUri> uris() {
        Arbitrary<Secret> secrets = Arbitraries.bytes().array(byte[].class).ofMinSize(16).ofMaxSize(64)
                .map(Secret::fromBytes);
        Arbitrary<HmacAlgorithm> algorithms = Arbitraries.of(HmacAlgorithm.class);
        Arbitrary<Integer> digits = Arbitraries.integers().between(6, 10);
        Arbitrary<Long> periods = Arbitraries.oneOf(Arbitraries.of(30L, 60L, 1L, 86400L),
                Arbitraries.longs().between(1, 86400));
        Arbitrary<Long> counters = Arbitraries.oneOf(Arbitraries.of(0L, 1L, Long.MAX_VALUE),
                Arbitraries.longs().between(0, Long.MAX_VALUE));
        Arbitrary<Optional<String>> issuers = labelText().optional(0.8);
        Arbitrary<Optional<String>> images = Arbitraries.of("https://acme.test/logo.png?x=1&y=a+b", "ü 😀")
                .optional(0.2);
        Arbitrary<Boolean> hotp = Arbitraries.of(false, false, true);
        return Combinators.combine(secrets, algorithms, digits, periods, counters, issuers, labelText(), hotp)
                .as((secret, algorithm, d, period, counter, issuer, account, isHotp) -> {
                    OtpAuthUri.Builder b = isHotp
                            ? OtpAuthUri.hotp(secret, algorithm, d, counter)
                            : OtpAuthUri.totp(secret, TotpParameters.of(algorithm, d, Duration.ofSeconds(period)));
                    if (issuer.isPresent()) {
                        b = b.issuer(issuer.get());
                    }
                    return b.account(account);
                })
                .flatMap(uri -> images.map(image -> image.isEmpty() ? uri : withImage(uri, image.get())));
    }

    private static OtpAuthUri withImage(OtpAuthUri uri, String image) {
        OtpAuthUri.Builder b = uri.type() == OtpAuthUri.Type.TOTP
                ? OtpAuthUri.totp(uri.secret(), uri.totpParameters().orElseThrow())
                : OtpAuthUri.hotp(uri.secret(), uri.algorithm(), uri.digits(), uri.counter().orElseThrow());
        if (uri.issuer().isPresent()) {
            b = b.issuer(uri.issuer().get());
        }
        return b.parameter("image", image).account(uri.account());
    }

    @Property(tries = 500)
    void parsingTheTextGivesTheSameUriBack(@ForAll("uris") OtpAuthUri uri) {
        String text = uri.toUriString();
        OtpAuthUri back = OtpAuthUri.parse(text);
        assertEquals(uri, back);
        assertEquals(text, back.toUriString());
        assertEquals(uri.hashCode(), back.hashCode());
        Statistics.collect(uri.type(), uri.algorithm(), uri.issuer().isPresent() ? "issuer" : "no issuer");
    }

    @Property(tries = 300)
    void theTextIsAsciiWithoutSpacesOrPlusAndHasExactlyOneLabelSeparator(@ForAll("uris") OtpAuthUri uri) {
        String text = uri.toUriString();
        assertTrue(text.chars().allMatch(c -> c > 32 && c < 127), text);
        assertFalse(text.contains("+"), text);
        String label = text.substring(text.indexOf("tp/") + 3, text.indexOf('?'));
        assertEquals(uri.issuer().isPresent() ? 1 : 0, label.chars().filter(c -> c == ':').count(), text);
        assertFalse(uri.toRedactedString().contains(uri.secret().toBase32()));
    }
}
