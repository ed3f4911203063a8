package dev.kairos.core;

import java.util.Locale;

/**
 * The rules for the texts of an {@code otpauth://} URI, written once: {@link OtpAuthUri#checkIssuer(String)} and
 * {@link OtpAuthUri#checkAccount(String)} (public, so that a service can refuse at enrollment what the URI would
 * refuse later), the builder and the parser all call these.
 */
final class LabelRules {

    /** Longest value echoed in an error message; longer values are described by their length only. */
    private static final int ECHO_LIMIT = 24;

    private LabelRules() {
    }

    static void checkIssuer(String what, String s) {
        checkLabelText(what, s);
    }

    static void checkAccount(String what, String s) {
        checkLabelText(what, s);
    }

    /**
     * The rules of an issuer or account, in the order a person fixing the text wants to hear them. Messages give
     * positions and code points, never the text (an account name can be personal data).
     */
    private static void checkLabelText(String what, String s) {
        if (s == null) {
            throw new InvalidOtpAuthUriException(what + " is missing (null)");
        }
        if (s.isEmpty()) {
            throw new InvalidOtpAuthUriException(what + " is empty");
        }
        int length = s.codePointCount(0, s.length());
        if (length > OtpAuthUri.MAX_LABEL_LENGTH) {
            throw new InvalidOtpAuthUriException(what + " is too long: " + length + " characters; at most "
                    + OtpAuthUri.MAX_LABEL_LENGTH + " are allowed");
        }
        checkValueText(what, s);
        if (s.codePoints().allMatch(LabelRules::isSpace)) {
            throw new InvalidOtpAuthUriException(what + " is blank");
        }
        // isWhitespace alone misses the no-break spaces (U+00A0, U+2007, U+202F), which isSpaceChar counts: an
        // account "alice\u00A0" looks like "alice" in every app and would be a second, invisible identity.
        if (isSpace(s.codePointAt(0))) {
            throw new InvalidOtpAuthUriException(what + " starts with whitespace (U+"
                    + hex(s.codePointAt(0)) + "); trim it");
        }
        int last = s.codePointBefore(s.length());
        if (isSpace(last)) {
            throw new InvalidOtpAuthUriException(what + " ends with whitespace (U+" + hex(last) + "); trim it");
        }
        // Key URI Format: "Neither issuer nor account name may themselves contain a colon". Readers split the
        // label at the first ':' (some at '%3A' too), so a colon inside either part moves the split.
        int colon = s.indexOf(':');
        if (colon >= 0) {
            throw new InvalidOtpAuthUriException(what + " has a ':' at position " + (colon + 1)
                    + "; the Key URI Format uses ':' to separate issuer and account, so neither may contain one");
        }
    }

    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /** No control character (C0, DEL, C1) and no lone surrogate: text every app can show and UTF-8 can encode. */
    static void checkValueText(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidOtpAuthUriException(what + " has a control character (U+" + hex(c)
                        + ") at position " + (i + 1));
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidOtpAuthUriException(what + " is not well-formed Unicode: lone surrogate at position "
                        + (i + 1));
            }
        }
    }

    static void checkExtraName(String name) {
        if (name.isEmpty()) {
            throw new InvalidOtpAuthUriException("parameter name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isUnreserved(name.charAt(i))) {
                throw new InvalidOtpAuthUriException("parameter name " + echo(name)
                        + " may only have letters, digits and - . _ ~");
            }
        }
        if (isDefinedParameter(name.toLowerCase(Locale.ROOT))) {
            throw new InvalidOtpAuthUriException("parameter " + echo(name)
                    + " is defined by the Key URI Format; it is not an extra parameter");
        }
        if (name.equalsIgnoreCase("encoder")) {
            // Steam Guard's URIs say encoder=steam: 5 characters from "23456789BCDFGHJKMNPQRTVWXY", not digits.
            // Read as an ordinary 6-digit TOTP such a URI gives codes the Steam app never shows, so it is refused
            // rather than misread, and never written.
            throw new InvalidOtpAuthUriException("parameter 'encoder' (e.g. encoder=steam, Steam Guard's"
                    + " 5-character codes) changes how codes are written; Kairos supports only RFC 6238 decimal codes,"
                    + " and reading it as an ordinary TOTP would give codes the app never shows");
        }
    }

    static boolean isDefinedParameter(String lowerCaseName) {
        return switch (lowerCaseName) {
            case "secret", "issuer", "algorithm", "digits", "period", "counter" -> true;
            default -> false;
        };
    }

    /** RFC 3986 §2.3: the characters a URI never needs to percent-encode. */
    static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** Quotes a short, non-secret value for a message; long values are described by their length only. */
    static String echo(String value) {
        if (value.length() > ECHO_LIMIT) {
            return "(" + value.length() + " characters)";
        }
        return "'" + value + "'";
    }

    private static String hex(int codePoint) {
        return String.format(Locale.ROOT, "%04X", codePoint);
    }
}
