package dev.kairos.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@code otpauth://} URI read for an import, with the repairs that made it readable. {@link OtpAuthUri#parse}
 * stays strict (what Kairos writes and what new enrollments read); {@link #parse} is for URIs that other systems
 * exported, and repairs, reporting each:
 * <ul>
 *   <li>raw spaces (percent-encoded as {@code %20}, which in the secret the Base32 reader skips);</li>
 *   <li>empty query parameters: a trailing {@code &}, or {@code &&};</li>
 *   <li>an empty {@code issuer=} (ignored);</li>
 *   <li>a {@code hotp} URI without {@code counter} (counter 0 assumed: check it against the token, e.g. with
 *       {@code HotpVerifier.resynchronize});</li>
 *   <li>an algorithm written {@code SHA-256}, {@code sha-1}... (read as {@code SHA256}, {@code SHA1});</li>
 *   <li>an {@code issuer} parameter that differs from the label's issuer prefix (the parameter wins, as the Key URI
 *       Format recommends readers do);</li>
 *   <li>a secret of 80 to 127 bits (accepted through the legacy opt-in, {@link Secret#fromBase32Legacy}).</li>
 * </ul>
 * Everything else is refused exactly as by {@link OtpAuthUri#parse}, with {@link InvalidOtpAuthUriException}: no
 * secret at all, a secret under 80 bits, an {@code encoder} parameter (Steam Guard), and so on. Neither the
 * repairs nor an error message contain the secret.
 *
 * <p>Immutable and thread-safe.
 *
 * @param uri the URI as read
 * @param repairs what was repaired, in order, in words for an import log; empty if the URI was already valid
 */
public record RepairedOtpAuthUri(OtpAuthUri uri, List<String> repairs) {

    /**
     * Validates and copies the list.
     *
     * @param uri the URI as read
     * @param repairs what was repaired, in order
     * @throws NullPointerException if an argument or a repair is null
     */
    public RepairedOtpAuthUri {
        Objects.requireNonNull(uri, "uri");
        repairs = List.copyOf(Objects.requireNonNull(repairs, "repairs"));
    }

    /**
     * Reads a Key URI leniently, repairing what the class description lists.
     *
     * @param text the URI, e.g. exported from another system
     * @return the URI and its repairs
     * @throws NullPointerException if {@code text} is null
     * @throws InvalidOtpAuthUriException if the text cannot be repaired into a valid Key URI (the message names the
     *     wrong part and never contains the secret), or is longer than {@link OtpAuthUri#MAX_URI_LENGTH}
     */
    public static RepairedOtpAuthUri parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > OtpAuthUri.MAX_URI_LENGTH) {
            throw new InvalidOtpAuthUriException("URI too long: " + text.length() + " characters; at most "
                    + OtpAuthUri.MAX_URI_LENGTH + " are allowed");
        }
        List<String> repairs = new ArrayList<>();
        String repaired = text;
        if (repaired.indexOf(' ') >= 0) {
            repaired = repaired.replace(" ", "%20");
            repairs.add("raw spaces percent-encoded as %20");
        }
        int query = repaired.indexOf('?');
        if (query >= 0) {
            String parameters = repaired.substring(query + 1);
            String cleaned = String.join("&", parameters.split("&+", -1)).replaceAll("^&|&$", "");
            if (!cleaned.equals(parameters)) {
                repaired = repaired.substring(0, query + 1) + cleaned;
                repairs.add("empty query parameters removed (a trailing '&' or '&&')");
            }
        }
        return new RepairedOtpAuthUri(OtpAuthUriParser.parse(repaired, repairs), repairs);
    }

    /**
     * Describes the URI and its repairs without the secret.
     *
     * @return e.g. {@code "RepairedOtpAuthUri[otpauth://totp/...?secret=<redacted>..., repairs=[...]]"}
     */
    @Override
    public String toString() {
        return "RepairedOtpAuthUri[" + uri + ", repairs=" + repairs + "]";
    }
}
