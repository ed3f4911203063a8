package dev.kairos.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.store.RecoveryCodeHash;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

/** Recovery codes at their edges: typed input, the stored format (old and new), one derivation per attempt. */
class RecoveryCodesTest {

    @Test
    void aRecoveryCodeIsSixteenSymbolsOfItsAlphabetWithAtMostSixtyFourCharactersTyped() {
        String code = "K7QF2MZDXR4PAB3C";
        assertEquals(Optional.of(code), RecoveryCodes.normalize(code));
        assertEquals(Optional.of(code), RecoveryCodes.normalize("k7qf-2mzd-xr4p-ab3c"));
        String padded = " ".repeat(64 - code.length()) + code;
        assertEquals(Optional.of(code), RecoveryCodes.normalize(padded));
        assertEquals(Optional.empty(), RecoveryCodes.normalize(" " + padded));
        assertEquals(Optional.empty(), RecoveryCodes.normalize(code + "A"));
        assertEquals(Optional.empty(), RecoveryCodes.normalize(code.substring(1)));
        assertEquals(Optional.empty(), RecoveryCodes.normalize(null));
        assertEquals(Optional.empty(), RecoveryCodes.normalize("K7QF2MZDXR4PAB3{"));
        assertEquals(Optional.of("K7QF2MZDXR4P"), RecoveryCodes.normalize("k7qf-2mzd-xr4p"), "first-release codes");
    }

    @Test
    void generatedCodesAreGroupedInFoursAndAllDifferent() {
        List<String> codes = RecoveryCodes.generate(100);
        assertEquals(100, codes.stream().distinct().count());
        codes.forEach(c -> assertTrue(c.matches("[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}"), c));
    }

    @Test
    void aHashedSetFindsEachOfItsUnusedCodesAndNothingElse() {
        List<String> codes = RecoveryCodes.generate(10);
        List<RecoveryCodeHash> set = RecoveryCodes.hashSet(codes);
        for (int i = 0; i < codes.size(); i++) {
            assertEquals(i, RecoveryCodes.find(RecoveryCodes.normalize(codes.get(i)).orElseThrow(), set));
        }
        assertEquals(-1, RecoveryCodes.find("K7QF2MZDXR4PAB3C", set));
        List<RecoveryCodeHash> used = new ArrayList<>(set);
        used.set(3, used.get(3).markUsed());
        assertEquals(-1, RecoveryCodes.find(RecoveryCodes.normalize(codes.get(3)).orElseThrow(), used));
        assertNotEquals(RecoveryCodes.hashSet(codes).get(0).encoded(), set.get(0).encoded(), "a fresh salt per set");
    }

    @Test
    void checkingAnAttemptDerivesOnceForAWholeSetWhateverItsSize() throws Exception {
        List<RecoveryCodeHash> set = RecoveryCodes.hashSet(RecoveryCodes.generate(100));
        int before = CountingPbkdf2.count();
        try (CountingPbkdf2 counting = CountingPbkdf2.install()) {
            RecoveryCodes.find("K7QF2MZDXR4PAB3C", set);
            assertEquals(1, CountingPbkdf2.count() - before, "one key derivation for 100 stored codes");
        }
    }

    @Test
    void firstReleaseEntriesWithASaltPerCodeStillMatch() throws GeneralSecurityException {
        byte[] salt = new byte[16];
        salt[0] = 7;
        PBEKeySpec spec = new PBEKeySpec("K7QF2MZDXR4P".toCharArray(), salt, 4096, 256);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        RecoveryCodeHash legacy = new RecoveryCodeHash("pbkdf2-sha256$4096$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(hash), false);
        assertEquals(0, RecoveryCodes.find("K7QF2MZDXR4P", List.of(legacy)));
        assertEquals(-1, RecoveryCodes.find("K7QF2MZDXR4Q", List.of(legacy)));
    }

    @Test
    void aCorruptOrForeignEntryMatchesNothing() {
        RecoveryCodeHash good = RecoveryCodes.hashSet(List.of("K7QF-2MZD-XR4P-AB3C")).get(0);
        String[] parts = good.encoded().split("\\$");
        assertEquals("pbkdf2-sha256-set", parts[0]);
        assertEquals(String.valueOf(RecoveryCodes.ITERATIONS), parts[1]);
        for (String bad : new String[] {"other$4096$" + parts[2] + "$" + parts[3],
                parts[0] + "$0$" + parts[2] + "$" + parts[3], parts[0] + "$10000001$" + parts[2] + "$" + parts[3],
                parts[0] + "$4096$" + parts[2], parts[0] + "$4096$" + parts[2] + "$" + parts[3] + "$x",
                parts[0] + "$x$" + parts[2] + "$" + parts[3], parts[0] + "$1$" + parts[2] + "$" + parts[3],
                parts[0] + "$4096$!!$" + parts[3]}) {
            assertEquals(-1, RecoveryCodes.find("K7QF2MZDXR4PAB3C", List.of(new RecoveryCodeHash(bad, false))), bad);
        }
        assertEquals(0, RecoveryCodes.find("K7QF2MZDXR4PAB3C", List.of(good)));
    }

    /** A JCA provider placed first that counts PBKDF2WithHmacSHA256 key derivations and delegates to the JDK's. */
    static final class CountingPbkdf2 extends Provider implements AutoCloseable {
        private static final long serialVersionUID = 1L;
        private static final java.util.concurrent.atomic.AtomicInteger COUNT =
                new java.util.concurrent.atomic.AtomicInteger();

        private CountingPbkdf2() {
            super("CountingPbkdf2", "1", "counts PBKDF2 runs");
            put("SecretKeyFactory.PBKDF2WithHmacSHA256", Spi.class.getName());
        }

        static CountingPbkdf2 install() {
            CountingPbkdf2 p = new CountingPbkdf2();
            Security.insertProviderAt(p, 1);
            return p;
        }

        static int count() {
            return COUNT.get();
        }

        @Override
        public void close() {
            Security.removeProvider(getName());
        }

        /** Counts, then delegates to the JDK's SunJCE factory. */
        public static final class Spi extends javax.crypto.SecretKeyFactorySpi {
            private final SecretKeyFactory jdk;

            public Spi() throws GeneralSecurityException {
                jdk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256", "SunJCE");
            }

            @Override
            protected javax.crypto.SecretKey engineGenerateSecret(java.security.spec.KeySpec spec)
                    throws java.security.spec.InvalidKeySpecException {
                COUNT.incrementAndGet();
                return jdk.generateSecret(spec);
            }

            @Override
            protected java.security.spec.KeySpec engineGetKeySpec(javax.crypto.SecretKey key, Class<?> spec)
                    throws java.security.spec.InvalidKeySpecException {
                return jdk.getKeySpec(key, spec);
            }

            @Override
            protected javax.crypto.SecretKey engineTranslateKey(javax.crypto.SecretKey key)
                    throws java.security.InvalidKeyException {
                return jdk.translateKey(key);
            }
        }
    }
}
