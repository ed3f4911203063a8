package dev.kairos.core;

import java.time.Instant;
import java.util.Objects;

/**
 * RFC 6238 TOTP: one-time passwords from a key and the time.
 *
 * <p>The time step is {@code T = floor((unixTime - T0) / X)} (RFC 6238 §4.2), a {@code long}: there is no
 * overflow anywhere in the range of {@link Instant}, so no 2038 or 2106 problem. Immutable and thread-safe;
 * computing a code takes no lock.
 */
public final class Totp {

    private final TotpParameters parameters;
    private final Secret secret;
    /**
     * The secret's own bytes (not a {@code Hotp}, not a JCA key): a server builds a {@code Totp} per request, and
     * this keeps that to one small object (JMH {@code Kairos.verifyWrong_perRequest}).
     */
    private final byte[] key;
    private final int digits;
    private final long periodSeconds;
    private final long epochSeconds;
    private final HmacEngine engine;

    private Totp(Secret secret, TotpParameters parameters, HmacEngine engine) {
        this.engine = engine;
        this.parameters = parameters;
        this.secret = secret;
        this.key = secret.internalBytes();
        this.digits = parameters.digits();
        this.periodSeconds = parameters.periodSeconds();
        this.epochSeconds = parameters.epoch().getEpochSecond();
    }

    /**
     * Returns a generator for one key.
     *
     * @param secret the shared secret K
     * @param parameters algorithm, digits, period and epoch
     * @return the generator
     * @throws NullPointerException if an argument is null
     */
    public static Totp of(Secret secret, TotpParameters parameters) {
        return of(secret, parameters, HmacEngine.builtIn());
    }

    /**
     * Returns a generator for one key whose HMACs are computed by a chosen engine, e.g.
     * {@link HmacEngine#jca(java.security.Provider)} for a FIPS provider.
     *
     * @param secret the shared secret K
     * @param parameters algorithm, digits, period and epoch
     * @param engine where the HMACs are computed
     * @return the generator
     * @throws NullPointerException if an argument is null
     * @throws InvalidOtpParametersException if {@code engine} cannot compute the parameters' algorithm
     */
    public static Totp of(Secret secret, TotpParameters parameters, HmacEngine engine) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(engine, "engine");
        engine.checkSupports(parameters.algorithm());
        return new Totp(secret, parameters, engine);
    }

    /**
     * Returns the time step T that contains an instant (RFC 6238 §4.2). Fractions of a second are ignored.
     *
     * @param at the instant
     * @return the number of whole periods between the epoch and {@code at}, 0 or more
     * @throws NullPointerException if {@code at} is null
     * @throws InvalidOtpParametersException if {@code at} is before the parameters' epoch
     */
    public long timeStep(Instant at) {
        Objects.requireNonNull(at, "at");
        long seconds = at.getEpochSecond();
        if (seconds < epochSeconds) {
            throw new InvalidOtpParametersException(
                    "time " + at + " is before the TOTP epoch " + parameters.epoch());
        }
        // Both are within Instant's range (about ±3.2e16 s), so the difference cannot overflow a long.
        return (seconds - epochSeconds) / periodSeconds;
    }

    /**
     * Returns the first instant of a time step.
     *
     * @param timeStep the time step T, 0 or more
     * @return the instant at which {@code timeStep} begins
     * @throws InvalidOtpParametersException if {@code timeStep} is negative
     * @throws java.time.DateTimeException if the instant is beyond the range of {@link Instant}
     */
    public Instant stepStart(long timeStep) {
        if (timeStep < 0) {
            throw new InvalidOtpParametersException("time step must be 0 or more, got " + timeStep);
        }
        try {
            return Instant.ofEpochSecond(Math.addExact(epochSeconds, Math.multiplyExact(timeStep, periodSeconds)));
        } catch (ArithmeticException e) {
            throw new java.time.DateTimeException("time step " + timeStep + " begins beyond the range of Instant", e);
        }
    }

    /**
     * Returns the code at an instant.
     *
     * @param at the instant
     * @return the code: exactly {@code digits} ASCII digits, zero-padded
     * @throws NullPointerException if {@code at} is null
     * @throws InvalidOtpParametersException if {@code at} is before the parameters' epoch
     */
    public String codeAt(Instant at) {
        return codeForStep(timeStep(at));
    }

    /**
     * Returns the code of a time step.
     *
     * @param timeStep the time step T, 0 or more
     * @return the code: exactly {@code digits} ASCII digits, zero-padded
     * @throws InvalidOtpParametersException if {@code timeStep} is negative
     */
    public String codeForStep(long timeStep) {
        if (timeStep < 0) {
            throw new InvalidOtpParametersException("time step must be 0 or more, got " + timeStep);
        }
        try (HmacSession session = session()) {
            return OtpEngine.format(session.value(timeStep), digits);
        }
    }

    /**
     * A session on this key, for the steps of one verification (the pads are derived once); close it before the
     * call returns. Steps passed to it must be 0 or more.
     */
    HmacSession session() {
        // The algorithm is read through parameters, not cached in a field: with the engine field, one more would
        // make a Totp 56 bytes instead of 48 (JMH verifyWrong_perRequest 104 -> 112 B/op, JDK 17 and 25).
        return engine.open(parameters.algorithm(), key, digits);
    }

    /**
     * Returns the engine that computes the HMACs.
     *
     * @return the engine given to {@link #of(Secret, TotpParameters, HmacEngine)}, else {@link HmacEngine#builtIn()}
     */
    public HmacEngine engine() {
        return engine;
    }

    /**
     * Returns the parameters.
     *
     * @return algorithm, digits, period and epoch
     */
    public TotpParameters parameters() {
        return parameters;
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
     * Describes the generator without its secret.
     *
     * @return e.g. {@code "Totp[SHA1, 6 digits, PT30S]"}
     */
    @Override
    public String toString() {
        return "Totp[" + parameters.algorithm() + ", " + parameters.digits() + " digits, " + parameters.period() + "]";
    }
}
