package dev.kairos.core;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes the text of an {@link OtpAuthUri}, as its class description says, and checks its size caps. */
final class OtpAuthUriWriter {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** Always written: secret, algorithm, digits, and period or counter. */
    private static final int ALWAYS_WRITTEN_PARAMETERS = 4;

    private OtpAuthUriWriter() {
    }

    /** A built URI must be one {@link OtpAuthUri#parse} reads back: within both caps. */
    static void checkSize(OtpAuthUri uri) {
        checkParameterCount(uri.extraParameters().size(), uri.issuer().isPresent());
        int length = write(uri, false).length();
        if (length > OtpAuthUri.MAX_URI_LENGTH) {
            throw new InvalidOtpAuthUriException("URI too long: it would be " + length + " characters; at most "
                    + OtpAuthUri.MAX_URI_LENGTH + " are allowed (a non-ASCII character takes up to 12 once"
                    + " percent-encoded)");
        }
    }

    static void checkParameterCount(int extras, boolean hasIssuer) {
        int parameters = ALWAYS_WRITTEN_PARAMETERS + (hasIssuer ? 1 : 0) + extras;
        if (parameters > OtpAuthUri.MAX_PARAMETERS) {
            throw new InvalidOtpAuthUriException("too many parameters: " + parameters + "; a URI may have at most "
                    + OtpAuthUri.MAX_PARAMETERS + ", the defined ones included");
        }
    }

    static String write(OtpAuthUri uri, boolean redact) {
        OtpAuthUri.Type type = uri.type();
        String issuer = uri.issuer().orElse(null);
        StringBuilder sb = new StringBuilder(128);
        sb.append("otpauth").append("://").append(type.uriName()).append('/');
        if (issuer != null) {
            encode(sb, issuer);
            sb.append(':');
        }
        encode(sb, uri.account());
        sb.append("?secret=").append(redact ? "<redacted>" : uri.secret().toBase32());
        if (issuer != null) {
            sb.append("&issuer=");
            encode(sb, issuer);
        }
        sb.append("&algorithm=").append(uri.algorithm().name());
        sb.append("&digits=").append(uri.digits());
        if (type == OtpAuthUri.Type.TOTP) {
            sb.append("&period=").append(uri.period().orElseThrow().toSeconds());
        } else {
            sb.append("&counter=").append(uri.counter().getAsLong());
        }
        for (Map.Entry<String, String> e : uri.extraParameters().entrySet()) {
            sb.append('&');
            encode(sb, e.getKey());
            sb.append('=');
            encode(sb, e.getValue());
        }
        return sb.toString();
    }

    /** RFC 3986 §2.1: everything but unreserved characters as %XX of its UTF-8 bytes, hex in upper case. */
    private static void encode(StringBuilder sb, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (LabelRules.isUnreserved(c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
    }
}
