package dev.kairos.core;

/**
 * The HMAC hash functions that RFC 6238 §1.2 allows for TOTP (and that authenticator apps know by these names in
 * the {@code algorithm} parameter of an {@code otpauth://} URI).
 */
public enum HmacAlgorithm {
    /** HMAC-SHA-1, the RFC 4226 original and the default of every authenticator app. */
    SHA1("HmacSHA1", 20),
    /** HMAC-SHA-256 (RFC 6238 §1.2). */
    SHA256("HmacSHA256", 32),
    /** HMAC-SHA-512 (RFC 6238 §1.2). */
    SHA512("HmacSHA512", 64);

    private final String jcaName;
    private final int macLength;

    HmacAlgorithm(String jcaName, int macLength) {
        this.jcaName = jcaName;
        this.macLength = macLength;
    }

    /**
     * Returns the name of this algorithm for {@link javax.crypto.Mac#getInstance(String)}.
     *
     * @return the JCA name, e.g. {@code "HmacSHA1"}
     */
    public String jcaName() {
        return jcaName;
    }

    /**
     * Returns the length of this algorithm's MAC.
     *
     * @return the length, in bytes (20, 32 or 64)
     */
    public int macLength() {
        return macLength;
    }

    /**
     * Returns the algorithm with the given name as the Key URI Format writes it ({@code SHA1}, {@code SHA256},
     * {@code SHA512}), ignoring case.
     *
     * @param name the name, e.g. {@code "SHA256"}
     * @return the algorithm
     * @throws InvalidOtpParametersException if {@code name} is null or no such algorithm
     */
    public static HmacAlgorithm fromName(String name) {
        if (name != null) {
            for (HmacAlgorithm a : values()) {
                if (a.name().equalsIgnoreCase(name)) {
                    return a;
                }
            }
        }
        throw new InvalidOtpParametersException(
                "unknown HMAC algorithm '" + name + "': expected SHA1, SHA256 or SHA512");
    }
}
