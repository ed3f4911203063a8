package dev.kairos.qr;

import java.util.Objects;

/**
 * How a {@link QrCode} is made: its error correction level and its quiet zone.
 *
 * <p>Immutable and thread-safe.
 *
 * @param errorCorrection how much of the code may be damaged or hidden and still scan; higher levels need more
 *     modules for the same URI
 * @param quietZone the light border around the code, in modules on each side: 0 to 16. ISO/IEC 18004 asks for
 *     4, and scanners fail more often with less (in the tests, zxing misses some codes with a quiet zone of 2);
 *     use less only where the page around the code is light anyway
 */
public record QrOptions(ErrorCorrection errorCorrection, int quietZone) {

    /** The largest quiet zone allowed, in modules. */
    public static final int MAX_QUIET_ZONE = 16;

    private static final QrOptions DEFAULTS = new QrOptions(ErrorCorrection.M, 4);

    /** QR error correction levels (ISO/IEC 18004 §7.5.1): the share of codewords that can be restored. */
    public enum ErrorCorrection {
        /** About 7 %: the smallest code. */
        L,
        /** About 15 %: the usual choice for a code on a screen, and the default. */
        M,
        /** About 25 %. */
        Q,
        /** About 30 %: for codes printed where they may get dirty or covered by a logo. */
        H
    }

    /**
     * Validates the options.
     *
     * @param errorCorrection the error correction level
     * @param quietZone the light border on each side, in modules: 0 to 16
     * @throws NullPointerException if {@code errorCorrection} is null
     * @throws IllegalArgumentException if {@code quietZone} is outside 0 to 16
     */
    public QrOptions {
        Objects.requireNonNull(errorCorrection, "errorCorrection");
        if (quietZone < 0 || quietZone > MAX_QUIET_ZONE) {
            throw new IllegalArgumentException("quietZone must be from 0 to " + MAX_QUIET_ZONE
                    + " modules (4 is standard), got " + quietZone);
        }
    }

    /**
     * Returns the defaults: error correction M and a quiet zone of 4 modules.
     *
     * @return the defaults
     */
    public static QrOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a copy with another error correction level.
     *
     * @param level the level
     * @return the new options
     */
    public QrOptions withErrorCorrection(ErrorCorrection level) {
        return new QrOptions(level, quietZone);
    }

    /**
     * Returns a copy with another quiet zone.
     *
     * @param modules the border, in modules on each side: 0 to 16
     * @return the new options
     */
    public QrOptions withQuietZone(int modules) {
        return new QrOptions(errorCorrection, modules);
    }
}
