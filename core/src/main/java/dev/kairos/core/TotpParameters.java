package dev.kairos.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The parameters of RFC 6238 TOTP besides the key: the HMAC algorithm, the number of digits of a code, the time
 * step X ({@code period}) and the Unix time T0 to start counting steps from ({@code epoch}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param algorithm the HMAC algorithm
 * @param digits the length of a code, in decimal digits: 6 to 10
 * @param period the time step X: whole seconds, from 1 second to 1 day
 * @param epoch T0: a whole second (no fraction)
 */
public record TotpParameters(HmacAlgorithm algorithm, int digits, Duration period, Instant epoch) {

    /** The shortest code allowed, in digits (RFC 4226 §5.3: at least 6). */
    public static final int MIN_DIGITS = 6;
    /** The longest code allowed, in digits: 10 digits still fit the 31-bit truncated value. */
    public static final int MAX_DIGITS = 10;
    /** The longest period allowed. */
    public static final Duration MAX_PERIOD = Duration.ofDays(1);

    private static final TotpParameters DEFAULTS =
            new TotpParameters(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30), Instant.EPOCH);

    /**
     * Validates the parameters.
     *
     * @param algorithm the HMAC algorithm
     * @param digits the length of a code, in decimal digits: 6 to 10
     * @param period the time step X: whole seconds, from 1 second to 1 day
     * @param epoch T0: a whole second (no fraction)
     * @throws NullPointerException if an argument is null
     * @throws InvalidOtpParametersException if {@code digits}, {@code period} or {@code epoch} is out of range
     */
    @SuppressWarnings("JavaInstantGetSecondsGetNano") // only the fraction is checked: T0 must be a whole second
    public TotpParameters {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(epoch, "epoch");
        checkDigits(digits);
        if (period.toNanosPart() != 0 || period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(MAX_PERIOD) > 0) {
            throw new InvalidOtpParametersException("period must be a whole number of seconds from 1 to "
                    + MAX_PERIOD.toSeconds() + ", got " + period);
        }
        if (epoch.getNano() != 0) {
            throw new InvalidOtpParametersException("epoch must be a whole second, got " + epoch);
        }
    }

    /**
     * Returns the parameters every authenticator app assumes: SHA1, 6 digits, 30 seconds, epoch 0 (RFC 6238 §4).
     *
     * @return the defaults
     */
    public static TotpParameters defaults() {
        return DEFAULTS;
    }

    /**
     * Returns parameters with the Unix epoch as T0.
     *
     * @param algorithm the HMAC algorithm
     * @param digits the length of a code, in decimal digits: 6 to 10
     * @param period the time step: whole seconds, 1 second to 1 day
     * @return the parameters
     * @throws NullPointerException if an argument is null
     * @throws InvalidOtpParametersException if an argument is out of range
     */
    public static TotpParameters of(HmacAlgorithm algorithm, int digits, Duration period) {
        return new TotpParameters(algorithm, digits, period, Instant.EPOCH);
    }

    /**
     * Returns a copy with another algorithm.
     *
     * @param newAlgorithm the HMAC algorithm
     * @return the new parameters
     */
    public TotpParameters withAlgorithm(HmacAlgorithm newAlgorithm) {
        return new TotpParameters(newAlgorithm, digits, period, epoch);
    }

    /**
     * Returns a copy with another number of digits.
     *
     * @param newDigits the length of a code, in decimal digits: 6 to 10
     * @return the new parameters
     */
    public TotpParameters withDigits(int newDigits) {
        return new TotpParameters(algorithm, newDigits, period, epoch);
    }

    /**
     * Returns a copy with another period.
     *
     * @param newPeriod the time step: whole seconds, 1 second to 1 day
     * @return the new parameters
     */
    public TotpParameters withPeriod(Duration newPeriod) {
        return new TotpParameters(algorithm, digits, newPeriod, epoch);
    }

    /**
     * Returns the time step X.
     *
     * @return the period, in seconds
     */
    public long periodSeconds() {
        return period.toSeconds();
    }

    static void checkDigits(int digits) {
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            throw new InvalidOtpParametersException(
                    "digits must be from " + MIN_DIGITS + " to " + MAX_DIGITS + ", got " + digits);
        }
    }
}
