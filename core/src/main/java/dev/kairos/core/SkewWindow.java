package dev.kairos.core;

/**
 * How many time steps a verifier accepts before and after the current one, to tolerate clock drift between the
 * server and the authenticator and the time it takes a person to type a code (RFC 6238 §5.2 recommends at most
 * one step back).
 *
 * <p>Immutable and thread-safe.
 *
 * @param back how many steps before the current step are accepted: 0 to 10
 * @param ahead how many steps after the current step are accepted: 0 to 10
 */
public record SkewWindow(int back, int ahead) {

    /** The largest number of steps on either side. */
    public static final int MAX_STEPS = 10;

    /**
     * Validates the window.
     *
     * @param back how many steps before the current step are accepted: 0 to 10
     * @param ahead how many steps after the current step are accepted: 0 to 10
     * @throws InvalidOtpParametersException if {@code back} or {@code ahead} is outside 0 to 10
     */
    public SkewWindow {
        if (back < 0 || back > MAX_STEPS || ahead < 0 || ahead > MAX_STEPS) {
            throw new InvalidOtpParametersException("skew window steps must each be from 0 to " + MAX_STEPS
                    + ", got back=" + back + ", ahead=" + ahead);
        }
    }

    /**
     * Returns a window.
     *
     * @param back steps before the current one: 0 to 10
     * @param ahead steps after the current one: 0 to 10
     * @return the window
     * @throws InvalidOtpParametersException if an argument is outside 0 to 10
     */
    public static SkewWindow of(int back, int ahead) {
        return new SkewWindow(back, ahead);
    }

    /**
     * Returns the window that accepts only the current step.
     *
     * @return the window (0, 0)
     */
    public static SkewWindow exact() {
        return new SkewWindow(0, 0);
    }

    /**
     * Returns the number of steps this window checks.
     *
     * @return {@code back + 1 + ahead}
     */
    public int size() {
        return back + 1 + ahead;
    }
}
