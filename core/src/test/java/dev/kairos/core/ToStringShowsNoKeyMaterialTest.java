package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type of core, by the compiled classes (so a new public type fails here until it has a sample):
 * the {@code toString} of each sample shows no part of the key, in Base32 or hex, in either case.
 */
class ToStringShowsNoKeyMaterialTest {

    private static final Secret SECRET =
            Secret.fromBytes(HexFormat.of().parseHex("5be0c2d7a9f13e8460b27dc91fa385e6704c1d2b"));
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_015L);

    /** Samples of every public type, keyed by the type; interfaces by instances of their implementations. */
    private static Map<Class<?>, List<Object>> samples() {
        Totp totp = Totp.of(SECRET, TotpParameters.defaults());
        String code = totp.codeAt(NOW);
        TotpVerifier verifier = TotpVerifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .replayGuard(ReplayGuard.inMemory()).build();
        OtpAuthUri.Builder builder = OtpAuthUri.totp(SECRET, TotpParameters.defaults()).issuer("ACME");
        OtpAuthUri uri = builder.parameter("image", "https://acme.test/logo.png").account("alice@acme.test");
        Map<Class<?>, List<Object>> m = new LinkedHashMap<>();
        m.put(Secret.class, List.of(SECRET, Secret.fromBase32(SECRET.toBase32())));
        m.put(Totp.class, List.of(totp));
        m.put(Hotp.class, List.of(Hotp.of(SECRET, HmacAlgorithm.SHA256, 8)));
        m.put(TotpParameters.class, List.of(totp.parameters()));
        m.put(SkewWindow.class, List.of(SkewWindow.of(1, 1)));
        m.put(HmacAlgorithm.class, List.of((Object[]) HmacAlgorithm.values()));
        m.put(TotpVerifier.class, List.of(verifier, TotpVerifier.builder().withoutReplayGuard().build()));
        m.put(TotpVerifier.Builder.class, List.of(TotpVerifier.builder()));
        HotpCounters counters = HotpCounters.inMemory();
        counters.set("alice", 42);
        m.put(HotpCounters.class, List.of(counters));
        m.put(HotpVerifier.class, List.of(HotpVerifier.builder().build(),
                HotpVerifier.builder().counters(counters).build()));
        m.put(HotpVerifier.Builder.class, List.of(HotpVerifier.builder()));
        m.put(RepairedOtpAuthUri.class, List.of(RepairedOtpAuthUri.parse("otpauth://totp/ACME Corp:alice?secret="
                + SECRET.toBase32() + "&"), RepairedOtpAuthUri.parse("otpauth://hotp/ACME:token?secret="
                + SECRET.toBase32().substring(0, 16))));
        m.put(ReplayGuard.class, List.of(verifier.replayGuard().orElseThrow()));
        Verification accepted = verifier.verify("alice", totp, code);
        Verification replayed = verifier.verify("alice", totp, code);
        m.put(Verification.class, List.of(accepted, replayed));
        m.put(Verification.Accepted.class, List.of(accepted));
        m.put(Verification.Rejected.class, List.of(replayed, verifier.verifyAfter(totp, "x", -1)));
        m.put(Verification.Reason.class, List.of((Object[]) Verification.Reason.values()));
        m.put(OtpAuthUri.class, List.of(uri, OtpAuthUri.parse(uri.toUriString())));
        m.put(OtpAuthUri.Builder.class, List.of(builder));
        m.put(OtpAuthUri.Type.class, List.of((Object[]) OtpAuthUri.Type.values()));
        m.put(InvalidSecretException.class, List.of(thrown(() -> Secret.fromBase32(SECRET.toBase32() + "1"))));
        m.put(InvalidOtpAuthUriException.class, List.of(
                thrown(() -> OtpAuthUri.parse(uri.toUriString() + "&image=again")),
                thrown(() -> OtpAuthUri.parse(uri.toUriString().replace("secret=", "secret=0")))));
        m.put(HmacEngine.class, List.of(HmacEngine.builtIn(), HmacEngine.jca(java.security.Security.getProvider("SunJCE"))));
        m.put(InvalidOtpParametersException.class, List.of(thrown(() -> totp.codeForStep(-1))));
        return m;
    }

    @Test
    void everyPublicTypeOfCoreHasASample() throws IOException {
        TreeSet<String> missing = new TreeSet<>();
        Map<Class<?>, List<Object>> samples = samples();
        for (Class<?> type : publicTypes()) {
            if (!samples.containsKey(type)) {
                missing.add(type.getName());
            }
        }
        assertTrue(missing.isEmpty(), "add a toString sample for " + missing);
    }

    @Test
    void noToStringShowsAnyPartOfTheKey() {
        String base32 = SECRET.toBase32();
        String hex = HexFormat.of().formatHex(SECRET.bytes());
        List<String> forms = List.of(base32, base32.toLowerCase(Locale.ROOT), hex, hex.toUpperCase(Locale.ROOT));
        List<String> leaks = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<Class<?>, List<Object>> e : samples().entrySet()) {
            for (Object sample : e.getValue()) {
                String text = String.valueOf(sample);
                checked++;
                for (String form : forms) {
                    // Any 8 characters in a row of the key's Base32 or hex would be a leak, not just the whole key.
                    for (int i = 0; i + 8 <= form.length(); i++) {
                        if (text.contains(form.substring(i, i + 8))) {
                            leaks.add(e.getKey().getSimpleName() + ": " + text);
                            break;
                        }
                    }
                }
            }
        }
        assertTrue(leaks.isEmpty(), "toString shows key material: " + leaks);
        assertTrue(checked >= 30, checked + " samples");
    }

    @Test
    void theUriTextItselfStillHasTheSecretForTheControl() {
        // Negative control: the check above would catch the key in the full URI text.
        OtpAuthUri uri = OtpAuthUri.totp(SECRET, TotpParameters.defaults()).account("alice");
        assertTrue(uri.toUriString().contains(SECRET.toBase32()));
        assertFalse(uri.toString().contains(SECRET.toBase32().substring(0, 8)));
        assertTrue(uri.toString().contains("secret=<redacted>"), uri.toString());
    }

    private static RuntimeException thrown(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected an exception");
    }

    /** The public classes and interfaces of the main classes, nested ones included. */
    private static List<Class<?>> publicTypes() throws IOException {
        Path root;
        try {
            root = Path.of(Secret.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path dir = root.resolve("dev/kairos/core");
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String file = f.getFileName().toString();
                if (!file.endsWith(".class")) {
                    continue;
                }
                String name = "dev.kairos.core." + file.substring(0, file.length() - ".class".length());
                Class<?> type;
                try {
                    type = Class.forName(name, false, Secret.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
                if (Modifier.isPublic(type.getModifiers()) && !type.isAnonymousClass()
                        && (type.getEnclosingClass() == null || Modifier.isPublic(type.getEnclosingClass().getModifiers()))) {
                    types.add(type);
                }
            }
        }
        return types;
    }
}
