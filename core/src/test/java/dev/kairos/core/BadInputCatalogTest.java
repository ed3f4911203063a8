package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, one row each: what is given, and the outcome expected — {@code Rejected(MALFORMED)} for a code, or
 * an exception of an exact type whose message says what is wrong. None may echo the secret.
 */
class BadInputCatalogTest {

    /** A fixed key, so that its Base32 and hex can be searched for in every message. */
    private static final Secret SECRET =
            Secret.fromBytes(HexFormat.of().parseHex("8f3a61c2d94e07b5a2c81f6e93d04b7a5c1e2f80"));
    private static final String BASE32 = SECRET.toBase32();
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_015L);
    private static final Totp TOTP = Totp.of(SECRET, TotpParameters.defaults());
    private static final String VALID = TOTP.codeAt(NOW);

    private static final Hotp HOTP = Hotp.of(SECRET, HmacAlgorithm.SHA1, 6);

    private static TotpVerifier verifier() {
        return TotpVerifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).replayGuard(ReplayGuard.inMemory())
                .build();
    }

    /** What a row expects. */
    sealed interface Outcome {
        /** Verification returns {@code Rejected(MALFORMED)}. */
        record Malformed() implements Outcome {
        }

        /** Verification returns {@code Rejected(reason)}: well formed, but refused. */
        record Refused(Verification.Reason reason) implements Outcome {
        }

        /** Throws exactly {@code type}, with a message containing every fragment (ignoring case). */
        record Throws(Class<? extends Throwable> type, String... fragments) implements Outcome {
        }
    }

    record Case(String given, Supplier<?> action, Outcome expected) {
        @Override
        public String toString() {
            return given;
        }
    }

    /** A malformed code, given to both {@code verify} and {@code verifyAfter}: they must answer alike. */
    private static Case code(String description, String code) {
        return new Case("code " + description, () -> {
            Verification byGuard = verifier().verify("alice", TOTP, code);
            Verification byStoredStep = verifier().verifyAfter(TOTP, code, -1);
            return byGuard.equals(byStoredStep) ? byGuard
                    : "verify gave " + byGuard + " but verifyAfter gave " + byStoredStep;
        }, new Outcome.Malformed());
    }

    /** A malformed code given to a HOTP verifier. */
    private static Case hotpCode(String description, Supplier<Verification> action) {
        return new Case("code " + description, action::get, new Outcome.Malformed());
    }

    private static Case throwing(String given, Supplier<?> action, Class<? extends Throwable> type,
            String... fragments) {
        return new Case(given, action, new Outcome.Throws(type, fragments));
    }

    /** {@link #VALID} with the digit at {@code index} written with the digits of another script. */
    private static String withForeignDigit(int index, char zero) {
        char[] c = VALID.toCharArray();
        c[index] = (char) (zero + (c[index] - '0'));
        return new String(c);
    }

    private static String base32With(int index, char c) {
        return BASE32.substring(0, index) + c + BASE32.substring(index + 1);
    }

    static List<Case> catalog() {
        Totp totp = TOTP;
        Class<InvalidSecretException> badSecret = InvalidSecretException.class;
        Class<InvalidOtpParametersException> badParameter = InvalidOtpParametersException.class;
        Class<NullPointerException> npe = NullPointerException.class;
        List<Case> c = new ArrayList<>(List.of(
                // Malformed codes: Rejected(MALFORMED), never an exception (issue 3, DESIGN "bad input").
                code("null", null),
                code("empty", ""),
                code("of 5 digits", VALID.substring(1)),
                code("of 7 digits", VALID + "0"),
                code("with a leading space", " " + VALID.substring(1)),
                code("with a trailing space", VALID.substring(1) + " "),
                code("of 6 digits plus a trailing hyphen", VALID + "-"),
                code("of 6 digits plus a space and a hyphen", VALID + " -"),
                code("of 6 digits in more white space than a paste brings", " ".repeat(9) + VALID + " ".repeat(8)),
                code("with a space inside", VALID.substring(0, 3) + " " + VALID.substring(3, 5)),
                code("with a letter", VALID.substring(0, 5) + "a"),
                code("with a plus sign", "+" + VALID.substring(1)),
                code("with a minus sign", "-" + VALID.substring(1)),
                code("with a decimal point", VALID.substring(0, 3) + "." + VALID.substring(4)),
                code("with a tab", "\t" + VALID.substring(1)),
                code("with a newline", VALID.substring(1) + "\n"),
                code("with a NUL", VALID.substring(1) + "\0"),
                // Digits of any one script are codes (see CodesAsTypedTest); these stay malformed.
                code("of 5 Arabic-Indic digits", "\u0661\u0662\u0663\u0664\u0665"),
                code("of 7 full-width digits", "\uff11\uff12\uff13\uff14\uff15\uff16\uff17"),
                code("in Arabic-Indic and Persian digits mixed", "\u0661\u0662\u0663\u06f4\u06f5\u06f6"),
                code("in ASCII and Devanagari digits mixed", "123\u0967\u0968\u0969"),
                code("with a doubled space", VALID.substring(0, 3) + "  " + VALID.substring(3)),
                code("with a doubled hyphen", VALID.substring(0, 3) + "--" + VALID.substring(3)),
                code("with a hyphen and a space", VALID.substring(0, 3) + "- " + VALID.substring(3)),
                code("with a leading hyphen", "-" + VALID),
                code("with a trailing hyphen", VALID + "-"),
                code("with an en dash", VALID.substring(0, 3) + "\u2013" + VALID.substring(3)),
                code("with a no-break space", VALID.substring(0, 3) + "\u00a0" + VALID.substring(3)),
                code("with a full-width space", VALID.substring(0, 3) + "\u3000" + VALID.substring(3)),
                code("with a full-width hyphen", VALID.substring(0, 3) + "\uff0d" + VALID.substring(3)),
                code("of separators only", " - - - - "),
                code("in superscript digits", "\u00b9\u00b2\u00b3\u2074\u2075\u2076"),
                code("in mathematical bold digits", "\ud835\udfcf\ud835\udfd0\ud835\udfd1"),
                code("right but with one Arabic-Indic digit", withForeignDigit(0, '\u0660')),
                code("right but with one full-width digit", withForeignDigit(5, '\uff10')),
                code("right but with one Devanagari digit", withForeignDigit(2, '\u0966')),

                hotpCode("of HOTP in two scripts", () -> HotpVerifier.builder().build().verify(HOTP, "123\uff14\uff15\uff16", 0)),
                hotpCode("of a HOTP resync in two scripts", () -> HotpVerifier.builder().build().resynchronize(HOTP,
                        HOTP.code(3), "\u0661\u0662\u0663456", 0)),
                new Case("HOTP resync codes that are not consecutive", () -> HotpVerifier.builder().build()
                        .resynchronize(HOTP, HOTP.code(10), HOTP.code(12), 0),
                        new Outcome.Refused(Verification.Reason.WRONG_CODE)),
                new Case("HOTP resync codes in reverse order", () -> HotpVerifier.builder().build()
                        .resynchronize(HOTP, HOTP.code(11), HOTP.code(10), 0),
                        new Outcome.Refused(Verification.Reason.WRONG_CODE)),

                // HOTP counters and windows: never an overflow, always a clear error.
                throwing("a HOTP counter of Long.MAX_VALUE", () -> HotpVerifier.builder().build().verify(HOTP,
                        HOTP.code(0), Long.MAX_VALUE), badParameter, "counter", "used up"),
                throwing("a HOTP resync from Long.MAX_VALUE", () -> HotpVerifier.builder().build().resynchronize(
                        HOTP, HOTP.code(0), HOTP.code(1), Long.MAX_VALUE), badParameter, "counter", "used up"),
                throwing("a negative HOTP counter", () -> HotpVerifier.builder().build().verify(HOTP, HOTP.code(0),
                        -1), badParameter, "counter", "got -1"),
                throwing("HOTP counters set to Long.MAX_VALUE", () -> {
                    HotpCounters.inMemory().set("alice", Long.MAX_VALUE);
                    return null;
                }, badParameter, "counter"),
                throwing("a HOTP look-ahead of 101", () -> HotpVerifier.builder().lookAhead(101), badParameter,
                        "lookAhead", "0 to 100"),
                throwing("a HOTP resync window of 0", () -> HotpVerifier.builder().resyncWindow(0), badParameter,
                        "resyncWindow", "1 to 1000"),
                throwing("HOTP verification by credential without counters", () -> HotpVerifier.builder().build()
                        .verify("alice", HOTP, HOTP.code(0)), IllegalStateException.class, "HotpCounters"),

                // Lenient (import) parsing: what cannot be repaired is still a typed error without the secret.
                throwing("a lenient URI without secret", () -> RepairedOtpAuthUri.parse("otpauth://totp/ACME:alice?"
                        + "issuer=ACME&"), InvalidOtpAuthUriException.class, "missing secret"),
                throwing("a lenient URI with a 75-bit secret", () -> RepairedOtpAuthUri.parse("otpauth://totp/ACME:"
                        + "alice?secret=" + BASE32.substring(0, 15)), InvalidOtpAuthUriException.class, "80 bits"),
                throwing("a lenient URI of Steam Guard", () -> RepairedOtpAuthUri.parse("otpauth://totp/Steam:alice"
                        + "?secret=" + BASE32 + "&encoder=steam"), InvalidOtpAuthUriException.class, "encoder"),
                throwing("a lenient URI of another scheme", () -> RepairedOtpAuthUri.parse("https://acme.test/?secret="
                        + BASE32), InvalidOtpAuthUriException.class, "otpauth"),

                // Malformed Base32: the position, counted from 1 in the text as given, never the text.
                throwing("Base32 with '1' at position 32", () -> Secret.fromBase32(base32With(31, '1')),
                        badSecret, "position 32", "A-Z, 2-7"),
                throwing("Base32 with '0' at position 1", () -> Secret.fromBase32(base32With(0, '0')),
                        badSecret, "position 1 "),
                throwing("Base32 with '8' at position 10", () -> Secret.fromBase32(base32With(9, '8')),
                        badSecret, "position 10 "),
                throwing("Base32 with '!' at position 19 counting spaces",
                        () -> Secret.fromBase32(SECRET.toManualEntryKey().substring(0, 18) + "!"
                                + SECRET.toManualEntryKey().substring(19)),
                        badSecret, "position 19 "),
                throwing("Base32 with a non-ASCII letter", () -> Secret.fromBase32(base32With(4, '\u00c4')),
                        badSecret, "position 5 "),
                throwing("Base32 with a full-width letter", () -> Secret.fromBase32(base32With(6, '\uff21')),
                        badSecret, "position 7 "),
                throwing("Base32 with an underscore", () -> Secret.fromBase32(base32With(2, '_')),
                        badSecret, "position 3 "),
                throwing("Base32 with a tab", () -> Secret.fromBase32(BASE32.substring(0, 8) + "\t"
                        + BASE32.substring(8)), badSecret, "position 9 "),
                throwing("Base32 with padding in the middle", () -> Secret.fromBase32(BASE32.substring(0, 8) + "="
                        + BASE32.substring(8)), badSecret, "position 9", "padding"),
                throwing("empty Base32", () -> Secret.fromBase32(""), badSecret, "empty"),
                throwing("Base32 of spaces and hyphens only", () -> Secret.fromBase32(" - - "), badSecret, "empty"),
                throwing("Base32 of padding only", () -> Secret.fromBase32("========"), badSecret, "empty"),
                throwing("Base32 of 80 bits", () -> Secret.fromBase32(BASE32.substring(0, 16)), badSecret,
                        "too short", "80 bits", "128 bits"),
                throwing("Base32 of 120 bits", () -> Secret.fromBase32(BASE32.substring(0, 24)), badSecret,
                        "too short", "120 bits", "128 bits"),
                throwing("Base32 of an impossible length (33)", () -> Secret.fromBase32(BASE32 + "A"), badSecret,
                        "33 characters"),
                throwing("Base32 of an impossible length (30)", () -> Secret.fromBase32(BASE32.substring(0, 30)),
                        badSecret, "30 characters"),
                throwing("Base32 of 1040 bits", () -> Secret.fromBase32("A".repeat(208)), badSecret, "too long",
                        "1024 bits"),
                throwing("15 key bytes", () -> Secret.fromBytes(new byte[15]), badSecret, "too short", "120 bits",
                        "128 bits"),
                throwing("Base32 of 80 bits names the legacy opt-in", () -> Secret.fromBase32(BASE32.substring(0, 16)),
                        badSecret, "80 bits", "Secret.fromBase32Legacy"),
                throwing("legacy Base32 of 75 bits", () -> Secret.fromBase32Legacy(BASE32.substring(0, 15)),
                        badSecret, "too short", "80 bits"),
                throwing("legacy Base32 of 40 bits", () -> Secret.fromBase32Legacy(BASE32.substring(0, 8)),
                        badSecret, "too short", "at least 80 bits"),
                throwing("9 legacy key bytes", () -> Secret.fromBytesLegacy(new byte[9]), badSecret, "too short",
                        "72 bits", "at least 80 bits"),
                throwing("null legacy Base32", () -> Secret.fromBase32Legacy(null), npe, "base32"),
                throwing("129 key bytes", () -> Secret.fromBytes(new byte[129]), badSecret, "too long"),

                // Parameters out of range: the name, the allowed range and the value given.
                throwing("5 digits", () -> TotpParameters.of(HmacAlgorithm.SHA1, 5, Duration.ofSeconds(30)),
                        badParameter, "digits", "6 to 10", "got 5"),
                throwing("11 digits", () -> TotpParameters.of(HmacAlgorithm.SHA1, 11, Duration.ofSeconds(30)),
                        badParameter, "digits", "6 to 10", "got 11"),
                throwing("HOTP of 5 digits", () -> Hotp.of(SECRET, HmacAlgorithm.SHA1, 5), badParameter,
                        "digits", "6 to 10"),
                throwing("a period of 0", () -> TotpParameters.of(HmacAlgorithm.SHA1, 6, Duration.ZERO),
                        badParameter, "period", "1 to 86400", "PT0S"),
                throwing("a negative period", () -> TotpParameters.of(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(-30)),
                        badParameter, "period", "1 to 86400", "PT-30S"),
                throwing("a fractional period", () -> TotpParameters.of(HmacAlgorithm.SHA1, 6, Duration.ofMillis(1500)),
                        badParameter, "period", "whole number of seconds", "PT1.5S"),
                throwing("a period under a second", () -> TotpParameters.of(HmacAlgorithm.SHA1, 6, Duration.ofMillis(999)),
                        badParameter, "period", "PT0.999S"),
                throwing("a period over a day", () -> TotpParameters.of(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(86_401)),
                        badParameter, "period", "1 to 86400"),
                throwing("an epoch with nanoseconds", () -> new TotpParameters(HmacAlgorithm.SHA1, 6,
                        Duration.ofSeconds(30), Instant.ofEpochSecond(0, 1)), badParameter, "epoch", "whole second"),
                throwing("a window of -1 back", () -> SkewWindow.of(-1, 1), badParameter, "0 to 10", "back=-1"),
                throwing("a window of 11 ahead", () -> SkewWindow.of(1, 11), badParameter, "0 to 10", "ahead=11"),
                throwing("a window of 11 back", () -> SkewWindow.of(11, 0), badParameter, "0 to 10", "back=11"),
                throwing("a negative counter", () -> Hotp.of(SECRET, HmacAlgorithm.SHA1, 6).code(-1), badParameter,
                        "counter", "0 or more", "-1"),
                throwing("a negative time step", () -> totp.codeForStep(-1), badParameter, "0 or more", "-1"),
                throwing("a negative step start", () -> totp.stepStart(-1), badParameter, "time step", "0 or more"),
                throwing("a time before the epoch", () -> totp.codeAt(Instant.ofEpochSecond(-1)), badParameter,
                        "before the TOTP epoch"),
                throwing("a time before a custom epoch", () -> Totp.of(SECRET, new TotpParameters(HmacAlgorithm.SHA1,
                        6, Duration.ofSeconds(30), Instant.ofEpochSecond(1_000))).timeStep(Instant.ofEpochSecond(999)),
                        badParameter, "before the TOTP epoch"),
                throwing("an unknown algorithm", () -> HmacAlgorithm.fromName("MD5"), badParameter, "MD5",
                        "SHA1, SHA256 or SHA512"),

                // Null arguments: the message names the argument.
                throwing("null Base32", () -> Secret.fromBase32(null), npe, "base32"),
                throwing("null key bytes", () -> Secret.fromBytes(null), npe, "bytes"),
                throwing("a null secret for TOTP", () -> Totp.of(null, TotpParameters.defaults()), npe, "secret"),
                throwing("null TOTP parameters", () -> Totp.of(SECRET, null), npe, "parameters"),
                throwing("a null secret for HOTP", () -> Hotp.of(null, HmacAlgorithm.SHA1, 6), npe, "secret"),
                throwing("a null HOTP algorithm", () -> Hotp.of(SECRET, null, 6), npe, "algorithm"),
                throwing("a null algorithm", () -> TotpParameters.of(null, 6, Duration.ofSeconds(30)), npe,
                        "algorithm"),
                throwing("a null period", () -> TotpParameters.of(HmacAlgorithm.SHA1, 6, null), npe, "period"),
                throwing("a null epoch", () -> new TotpParameters(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30),
                        null), npe, "epoch"),
                throwing("a null instant", () -> totp.codeAt(null), npe, "at"),
                throwing("a null credential id", () -> verifier().verify(null, totp, VALID), npe, "credentialId"),
                throwing("a null TOTP to verify", () -> verifier().verify("alice", null, VALID), npe, "totp"),
                throwing("a null clock", () -> TotpVerifier.builder().clock(null), npe, "clock"),
                throwing("a null window", () -> TotpVerifier.builder().window(null), npe, "window"),
                throwing("a null replay guard", () -> TotpVerifier.builder().replayGuard(null), npe, "replayGuard"),
                throwing("a null TOTP to verifyAfter", () -> verifier().verifyAfter(null, VALID, -1), npe, "totp"),
                throwing("a last accepted step below -1", () -> verifier().verifyAfter(totp, VALID, -2),
                        IllegalArgumentException.class, "lastAcceptedStep", "-1"),
                throwing("a verifier built with no replay guard choice", () -> TotpVerifier.builder().build(),
                        IllegalStateException.class, "replayGuard(ReplayGuard)", "withoutReplayGuard()"),
                throwing("verify on a verifier built without replay guard", () -> TotpVerifier.builder()
                        .withoutReplayGuard().build().verify("alice", totp, VALID),
                        IllegalStateException.class, "withoutReplayGuard()", "verifyAfter"),

                // Blank credential ids.
                throwing("an empty credential id", () -> verifier().verify("", totp, VALID),
                        IllegalArgumentException.class, "credentialId", "blank"),
                throwing("a blank credential id", () -> verifier().verify(" \t", totp, VALID),
                        IllegalArgumentException.class, "credentialId", "blank")));
        return c;
    }

    static Stream<Case> cases() {
        return catalog().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGetsItsExpectedOutcome(Case c) {
        if (c.expected() instanceof Outcome.Malformed) {
            assertEquals(Verification.Rejected.of(Verification.Reason.MALFORMED), c.action().get(), c.given());
            return;
        }
        if (c.expected() instanceof Outcome.Refused r) {
            assertEquals(Verification.Rejected.of(r.reason()), c.action().get(), c.given());
            return;
        }
        Outcome.Throws t = (Outcome.Throws) c.expected();
        Throwable thrown = thrown(c);
        assertNotNull(thrown, c.given() + " should throw " + t.type().getSimpleName());
        assertEquals(t.type(), thrown.getClass(), c.given() + ": " + thrown);
        String message = thrown.getMessage();
        assertNotNull(message, c.given() + ": no message");
        for (String fragment : t.fragments()) {
            assertTrue(message.toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT)),
                    c.given() + ": message \"" + message + "\" should say \"" + fragment + "\"");
        }
    }

    @Test
    void theCatalogHasAtLeast25EntriesOfEachKind() {
        List<Case> all = catalog();
        long codes = all.stream().filter(c -> c.expected() instanceof Outcome.Malformed).count();
        long exceptions = all.size() - codes;

        assertTrue(codes >= 20, codes + " malformed codes");
        assertTrue(exceptions >= 25, exceptions + " exception cases");
        assertEquals(all.size(), all.stream().map(Case::given).distinct().count(), "each row is described once");
    }

    @Test
    void malformedCodesChangeNothing() {
        TotpVerifier verifier = verifier();
        for (Case c : catalog()) {
            if (c.expected() instanceof Outcome.Malformed) {
                // run each malformed code against this one verifier
                c.action().get();
            }
        }
        List<String> malformed = List.of("", "12345", "\u0661\u0662\u0663\u0664\u0665", withForeignDigit(0,
                '\u0660'), VALID + "-");
        for (String code : malformed) {
            assertEquals(Verification.Rejected.of(Verification.Reason.MALFORMED), verifier.verify("alice", TOTP, code));
        }

        assertEquals(new Verification.Accepted(TOTP.timeStep(NOW), 0), verifier.verify("alice", TOTP, VALID));
    }

    @Test
    void noMessageOrToStringShowsTheSecret() {
        List<String> texts = new ArrayList<>();
        for (Case c : catalog()) {
            Throwable t = thrown(c);
            if (t != null) {
                texts.add(String.valueOf(t.getMessage()));
                texts.add(t.toString());
            }
        }
        TotpVerifier verifier = verifier();
        texts.add(SECRET.toString());
        texts.add(Hotp.of(SECRET, HmacAlgorithm.SHA1, 6).toString());
        texts.add(TOTP.toString());
        texts.add(TOTP.parameters().toString());
        texts.add(verifier.toString());
        texts.add(verifier.verify("alice", TOTP, VALID).toString());
        texts.add(verifier.verify("alice", TOTP, VALID).toString());
        texts.add(verifier.verify("alice", TOTP, "000000x").toString());
        texts.add(verifier.replayGuard().orElseThrow().toString());
        texts.add(verifier.verifyAfter(TOTP, VALID, -1).toString());
        texts.add(TotpVerifier.builder().withoutReplayGuard().build().toString());

        String hex = HexFormat.of().formatHex(SECRET.bytes());
        for (String text : texts) {
            // Any 8 characters in a row of the key's Base32 or hex would be a leak, not just the whole key.
            for (String form : List.of(BASE32, BASE32.toLowerCase(Locale.ROOT), hex, hex.toUpperCase(Locale.ROOT))) {
                for (int i = 0; i + 8 <= form.length(); i++) {
                    assertFalse(text.contains(form.substring(i, i + 8)),
                            "\"" + text + "\" shows part of the secret: " + form.substring(i, i + 8));
                }
            }
        }
        assertTrue(texts.size() > 60, texts.size() + " texts checked");
    }

    /** Runs the action of a row, returning what it threw (or null) and failing on a wrong non-exception. */
    private static Throwable thrown(Case c) {
        try {
            Object result = c.action().get();
            if (c.expected() instanceof Outcome.Throws) {
                fail(c.given() + " returned " + result + " instead of throwing");
            }
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
