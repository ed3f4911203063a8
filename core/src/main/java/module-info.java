/**
 * Kairos core: RFC 4226 HOTP and RFC 6238 TOTP, secrets and Base32, verification with a clock-skew window and a
 * replay guard, and the {@code otpauth://} Key URI format.
 *
 * <p>Everything exported here is immutable and thread-safe unless its Javadoc says otherwise.
 */
module dev.kairos.core {
    requires org.apache.commons.codec;

    exports dev.kairos.core;
}
