package dev.kairos.core;

import java.util.Objects;

/**
 * RFC 4226 HOTP: one-time passwords from a key and a counter.
 *
 * <p>Immutable and thread-safe; computing a code takes no lock.
 */
public final class Hotp {

    private final Secret secret;
    private final HmacAlgorithm algorithm;
    private final int digits;
    /** The secret's own bytes, never copied or exposed: {@link OtpEngine} reads them as the HMAC key. */
    private final byte[] key;
    private final HmacEngine engine;

    private Hotp(Secret secret, HmacAlgorithm algorithm, int digits, HmacEngine engine) {
        this.engine = engine;
        this.secret = secret;
        this.algorithm = algorithm;
        this.digits = digits;
        this.key = secret.internalBytes();
    }

    /**
     * Returns a generator for one key.
     *
     * @param secret the shared secret K
     * @param algorithm the HMAC algorithm (RFC 4226 uses SHA1)
     * @param digits the length of a code, in decimal digits: 6 to 10
     * @return the generator
     * @throws NullPointerException if {@code secret} or {@code algorithm} is null
     * @throws InvalidOtpParametersException if {@code digits} is outside 6 to 10
     */
    public static Hotp of(Secret secret, HmacAlgorithm algorithm, int digits) {
        return of(secret, algorithm, digits, HmacEngine.builtIn());
    }

    /**
     * Returns a generator for one key whose HMACs are computed by a chosen engine, e.g.
     * {@link HmacEngine#jca(java.security.Provider)} for a FIPS provider.
     *
     * @param secret the shared secret K
     * @param algorithm the HMAC algorithm (RFC 4226 uses SHA1)
     * @param digits the length of a code, in decimal digits: 6 to 10
     * @param engine where the HMACs are computed
     * @return the generator
     * @throws NullPointerException if {@code secret}, {@code algorithm} or {@code engine} is null
     * @throws InvalidOtpParametersException if {@code digits} is outside 6 to 10, or {@code engine} cannot compute
     *     {@code algorithm}
     */
    public static Hotp of(Secret secret, HmacAlgorithm algorithm, int digits, HmacEngine engine) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(engine, "engine");
        TotpParameters.checkDigits(digits);
        engine.checkSupports(algorithm);
        return new Hotp(secret, algorithm, digits, engine);
    }

    /**
     * Returns the code for a counter value (RFC 4226 §5.3).
     *
     * @param counter the moving factor C, 0 or more
     * @return the code: exactly {@link #digits()} ASCII digits, zero-padded
     * @throws InvalidOtpParametersException if {@code counter} is negative
     */
    public String code(long counter) {
        return OtpEngine.format(value(counter), digits);
    }

    /** The code for {@code counter} as a number. */
    long value(long counter) {
        if (counter < 0) {
            throw new InvalidOtpParametersException("counter must be 0 or more, got " + counter);
        }
        try (HmacSession session = session()) {
            return session.value(counter);
        }
    }

    /** A session on this key, for the counters of one verification; close it before the call returns. */
    HmacSession session() {
        return engine.open(algorithm, key, digits);
    }

    /**
     * Returns the engine that computes the HMACs.
     *
     * @return the engine given to {@link #of(Secret, HmacAlgorithm, int, HmacEngine)}, else
     *     {@link HmacEngine#builtIn()}
     */
    public HmacEngine engine() {
        return engine;
    }

    /**
     * Returns the shared secret.
     *
     * @return the secret
     */
    public Secret secret() {
        return secret;
    }

    /**
     * Returns the HMAC algorithm.
     *
     * @return the algorithm
     */
    public HmacAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * Returns the length of a code.
     *
     * @return the length, in decimal digits
     */
    public int digits() {
        return digits;
    }

    /**
     * Describes the generator without its secret.
     *
     * @return e.g. {@code "Hotp[SHA1, 6 digits]"}
     */
    @Override
    public String toString() {
        return "Hotp[" + algorithm + ", " + digits + " digits]";
    }
}
