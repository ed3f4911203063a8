/**
 * Kairos QR: QR codes of {@code otpauth://} URIs as PNG, SVG, a {@code data:} URI or terminal text.
 *
 * <p>Everything exported here is immutable and thread-safe.
 */
module dev.kairos.qr {
    requires static org.jspecify; // @NullMarked, @Nullable: compile time only
    requires transitive dev.kairos.core;
    requires com.google.zxing;
    requires java.desktop; // javax.imageio for PNG

    exports dev.kairos.qr;
}
