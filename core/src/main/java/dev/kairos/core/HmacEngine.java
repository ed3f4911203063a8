package dev.kairos.core;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where the HMACs of {@link Totp} and {@link Hotp} are computed: the built-in engine (the default), or
 * {@code javax.crypto.Mac} from a chosen JCA {@link Provider}, for deployments that must use a certified module
 * (FIPS 140), e.g. {@code Totp.of(secret, params, HmacEngine.jca(Security.getProvider("SunPKCS11-NSS-FIPS")))}.
 *
 * <p>The built-in engine writes HMAC (RFC 2104) on the JDK's {@code MessageDigest}s: no {@code Mac} lookup, no
 * copy of the key, no allocation per code. The JCA engine calls {@code Mac.getInstance(algorithm.jcaName(),
 * provider)} and {@code Mac.init} once per operation (one code, or one verification's window) and {@code doFinal}
 * per step: slower, and it allocates (a {@code SecretKeySpec}, which copies the key, and the provider's
 * objects). The key copies it makes belong to the provider; Kairos cannot wipe them ({@code SecretKeySpec} cannot
 * be destroyed), so with a JCA engine the key's lifetime in memory is the provider's to manage. Both engines give
 * the same codes (checked on the RFC 4226 and RFC 6238 vectors and on random keys and counters).
 *
 * <p>Immutable and thread-safe.
 */
public final class HmacEngine {

    private static final HmacEngine BUILT_IN = new HmacEngine(null);

    /** Null for the built-in engine. */
    private final Provider provider;

    private HmacEngine(Provider provider) {
        this.provider = provider;
    }

    /**
     * Returns the built-in engine, the one {@link Totp#of(Secret, TotpParameters)} and
     * {@link Hotp#of(Secret, HmacAlgorithm, int)} use.
     *
     * @return the engine that computes HMAC on the JDK's {@code MessageDigest}s
     */
    public static HmacEngine builtIn() {
        return BUILT_IN;
    }

    /**
     * Returns an engine that computes every HMAC with {@code javax.crypto.Mac} from {@code provider}.
     *
     * @param provider the JCA provider, e.g. a FIPS-certified one; it must offer {@code Mac} for the
     *     {@link HmacAlgorithm#jcaName()} of each algorithm it is used with
     * @return the engine
     * @throws NullPointerException if {@code provider} is null
     * @throws IllegalArgumentException if {@code provider} offers none of {@code HmacSHA1}, {@code HmacSHA256},
     *     {@code HmacSHA512}
     */
    public static HmacEngine jca(Provider provider) {
        Objects.requireNonNull(provider, "provider");
        boolean any = false;
        for (HmacAlgorithm a : HmacAlgorithm.values()) {
            any |= provider.getService("Mac", a.jcaName()) != null;
        }
        if (!any) {
            throw new IllegalArgumentException("provider " + provider.getName()
                    + " offers no Mac for HmacSHA1, HmacSHA256 or HmacSHA512");
        }
        return new HmacEngine(provider);
    }

    /**
     * Tells whether this engine can compute an algorithm.
     *
     * @param algorithm the HMAC algorithm
     * @return true for the built-in engine; for a JCA engine, true if its provider offers the {@code Mac}
     * @throws NullPointerException if {@code algorithm} is null
     */
    public boolean supports(HmacAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        return provider == null || provider.getService("Mac", algorithm.jcaName()) != null;
    }

    /** For {@code Totp.of} and {@code Hotp.of}: refuses an algorithm the provider lacks when the generator is made. */
    void checkSupports(HmacAlgorithm algorithm) {
        if (!supports(algorithm)) {
            throw new InvalidOtpParametersException("provider " + provider.getName() + " offers no Mac for "
                    + algorithm.jcaName() + ": choose another algorithm or provider");
        }
    }

    /** Opens a session for one operation; the caller closes it (try-with-resources). */
    HmacSession open(HmacAlgorithm algorithm, byte[] key, int digits) {
        return provider == null ? OtpEngine.open(algorithm, key, digits) : new JcaSession(provider, algorithm, key,
                digits);
    }

    /**
     * Describes the engine.
     *
     * @return {@code "HmacEngine[built-in]"} or e.g. {@code "HmacEngine[JCA Mac from SunJCE]"}
     */
    @Override
    public String toString() {
        return provider == null ? "HmacEngine[built-in]" : "HmacEngine[JCA Mac from " + provider.getName() + "]";
    }

    /** One {@code Mac}, initialised with the key, for the steps of one operation. */
    private static final class JcaSession implements HmacSession {
        private final Mac mac;
        private final int digits;
        private final byte[] message = new byte[8];

        JcaSession(Provider provider, HmacAlgorithm algorithm, byte[] key, int digits) {
            this.digits = digits;
            try {
                mac = Mac.getInstance(algorithm.jcaName(), provider);
                mac.init(new SecretKeySpec(key, algorithm.jcaName()));
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                // The message names the algorithm and the provider only; the key is never in it.
                throw new IllegalStateException(
                        "provider " + provider.getName() + " cannot compute " + algorithm.jcaName(), e);
            }
        }

        @Override
        public long value(long counter) {
            for (int i = 7; i >= 0; i--) {
                message[i] = (byte) counter;
                counter >>>= 8;
            }
            byte[] hmac = mac.doFinal(message);
            long value = OtpEngine.truncate(hmac, hmac.length, digits);
            Arrays.fill(hmac, (byte) 0);
            return value;
        }

        @Override
        public void close() {
            mac.reset();
        }
    }
}
