package dev.kairos.core;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static dev.kairos.core.LabelRules.echo;

/**
 * {@link OtpAuthUri#parse(String)}: reads the text strictly, in one pass over it (no step compares a part with all
 * the parts before it), after checking the size caps {@link OtpAuthUri#MAX_URI_LENGTH} and
 * {@link OtpAuthUri#MAX_PARAMETERS}. The rules are in the class description of {@link OtpAuthUri}.
 */
final class OtpAuthUriParser {

    private static final String SCHEME = "otpauth";
    private static final long DEFAULT_PERIOD = 30;

    private OtpAuthUriParser() {
    }

    static OtpAuthUri parse(String text) {
        return parse(text, null);
    }

    /**
     * Parses strictly when {@code repairs} is null; otherwise also repairs what {@link RepairedOtpAuthUri#parse}
     * documents at this level (an 80-bit secret, an empty issuer, a hotp URI without counter, an algorithm named
     * {@code SHA-256}, an issuer parameter that differs from the label's prefix) and says so in {@code repairs}.
     */
    static OtpAuthUri parse(String text, java.util.List<String> repairs) {
        Objects.requireNonNull(text, "text");
        boolean lenient = repairs != null;
        checkSize(text);
        checkUriCharacters(text);

        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new InvalidOtpAuthUriException("not a URI: expected it to start with 'otpauth://'");
        }
        String scheme = text.substring(0, colon);
        if (!scheme.equalsIgnoreCase(SCHEME)) {
            throw new InvalidOtpAuthUriException("wrong scheme " + echo(scheme) + ": expected 'otpauth'");
        }
        if (!text.startsWith("//", colon + 1)) {
            throw new InvalidOtpAuthUriException("expected '//' after 'otpauth:' (otpauth://totp/... or "
                    + "otpauth://hotp/...)");
        }
        int typeStart = colon + 3;
        int typeEnd = typeStart;
        while (typeEnd < text.length() && text.charAt(typeEnd) != '/' && text.charAt(typeEnd) != '?') {
            typeEnd++;
        }
        String typeText = text.substring(typeStart, typeEnd);
        OtpAuthUri.Type type;
        if (typeText.equalsIgnoreCase("totp")) {
            type = OtpAuthUri.Type.TOTP;
        } else if (typeText.equalsIgnoreCase("hotp")) {
            type = OtpAuthUri.Type.HOTP;
        } else if (typeText.isEmpty()) {
            throw new InvalidOtpAuthUriException("missing type: expected otpauth://totp/... or otpauth://hotp/...");
        } else {
            throw new InvalidOtpAuthUriException("unknown type " + echo(typeText) + ": expected totp or hotp");
        }
        if (typeEnd == text.length() || text.charAt(typeEnd) != '/') {
            throw new InvalidOtpAuthUriException("missing label: expected otpauth://" + type.uriName()
                    + "/ISSUER:ACCOUNT?secret=...");
        }
        int labelStart = typeEnd + 1;
        int query = text.indexOf('?', labelStart);
        if (query < 0) {
            throw new InvalidOtpAuthUriException("missing query: the secret parameter is required "
                    + "(otpauth://" + type.uriName() + "/ISSUER:ACCOUNT?secret=...)");
        }
        if (query == labelStart) {
            throw new InvalidOtpAuthUriException("missing account: the label between '" + type.uriName()
                    + "/' and '?' is empty");
        }

        Map<String, String> known = new LinkedHashMap<>();
        Map<String, String> extras = new LinkedHashMap<>();
        parseQuery(text, query + 1, known, extras);

        String secretText = known.get("secret");
        if (secretText == null) {
            throw new InvalidOtpAuthUriException("missing secret parameter");
        }
        Secret secret;
        try {
            secret = lenient ? Secret.fromBase32Legacy(secretText) : Secret.fromBase32(secretText);
            if (secret.isLegacy()) {
                repairs.add("secret of " + secret.length() * 8 + " bits accepted as a legacy secret (under 128 bits):"
                        + " re-enrol the user when you can");
            }
        } catch (InvalidSecretException e) {
            // Secret's messages give positions, never characters; keep the cause for the stack trace.
            throw new InvalidOtpAuthUriException("secret parameter: " + e.getMessage(), e);
        }
        HmacAlgorithm algorithm = HmacAlgorithm.SHA1;
        String algorithmText = known.get("algorithm");
        if (lenient && algorithmText != null && algorithmText.indexOf('-') >= 0) {
            String normalized = algorithmText.replace("-", "").toUpperCase(Locale.ROOT);
            repairs.add("algorithm " + echo(algorithmText) + " read as " + normalized);
            algorithmText = normalized;
        }
        if (algorithmText != null) {
            try {
                algorithm = HmacAlgorithm.fromName(algorithmText);
            } catch (InvalidOtpParametersException e) {
                // No cause: its message repeats the whole value, past the echo limit that keeps secrets out.
                throw new InvalidOtpAuthUriException("algorithm parameter " + echo(algorithmText)
                        + " is unknown: expected SHA1, SHA256 or SHA512");
            }
        }
        int digits = 6;
        String digitsText = known.get("digits");
        if (digitsText != null) {
            digits = (int) number("digits", digitsText, TotpParameters.MIN_DIGITS, TotpParameters.MAX_DIGITS);
        }
        long period = -1;
        long counter = -1;
        if (type == OtpAuthUri.Type.TOTP) {
            if (known.containsKey("counter")) {
                throw new InvalidOtpAuthUriException("counter parameter is only for hotp URIs; this is a totp URI");
            }
            String periodText = known.get("period");
            period = periodText == null ? DEFAULT_PERIOD
                    : number("period", periodText, 1, TotpParameters.MAX_PERIOD.toSeconds());
        } else {
            if (known.containsKey("period")) {
                throw new InvalidOtpAuthUriException("period parameter is only for totp URIs; this is a hotp URI");
            }
            String counterText = known.get("counter");
            if (counterText == null && lenient) {
                repairs.add("hotp URI without counter: counter 0 assumed; check it against the token");
                counterText = "0";
            }
            if (counterText == null) {
                throw new InvalidOtpAuthUriException("missing counter parameter: a hotp URI requires it");
            }
            counter = number("counter", counterText, 0, Long.MAX_VALUE);
        }

        String issuerParameter = known.get("issuer");
        if (issuerParameter != null && issuerParameter.isEmpty() && lenient) {
            repairs.add("empty issuer parameter ignored");
            issuerParameter = null;
        }
        if (issuerParameter != null) {
            if (issuerParameter.isEmpty()) {
                throw new InvalidOtpAuthUriException("issuer parameter is empty: leave it out or give the issuer");
            }
            LabelRules.checkIssuer("issuer parameter", issuerParameter);
        }
        String labelRaw = text.substring(labelStart, query);
        String prefix = null;
        String account;
        int separator = labelRaw.indexOf(':');
        if (separator >= 0) {
            prefix = decode("label issuer prefix", labelRaw, 0, separator, labelStart, false);
            if (prefix.isEmpty()) {
                throw new InvalidOtpAuthUriException("label issuer prefix is empty: the label starts with ':'");
            }
            LabelRules.checkIssuer("label issuer prefix", prefix);
            account = stripLeadingSpaces(
                    decode("account", labelRaw, separator + 1, labelRaw.length(), labelStart, false));
        } else {
            String label = decode("label", labelRaw, 0, labelRaw.length(), labelStart, false);
            if (issuerParameter != null && label.startsWith(issuerParameter + ":")) {
                prefix = issuerParameter;
                account = stripLeadingSpaces(label.substring(issuerParameter.length() + 1));
            } else {
                account = label;
            }
        }
        if (account.isEmpty()) {
            throw new InvalidOtpAuthUriException("missing account: the label has no account name after the issuer");
        }
        LabelRules.checkAccount("account", account);
        if (prefix != null && issuerParameter != null && !prefix.equals(issuerParameter) && lenient) {
            repairs.add("issuer parameter " + echo(issuerParameter) + " differs from the label's issuer prefix "
                    + echo(prefix) + ": the parameter wins");
            prefix = issuerParameter;
        }
        if (prefix != null && issuerParameter != null && !prefix.equals(issuerParameter)) {
            throw new InvalidOtpAuthUriException("issuer parameter " + echo(issuerParameter)
                    + " contradicts the label's issuer prefix " + echo(prefix) + ": they must be equal");
        }
        String issuer = issuerParameter != null ? issuerParameter : prefix;
        return new OtpAuthUri(type, secret, algorithm, digits, period, counter, issuer, account,
                extras.isEmpty() ? Map.of() : Collections.unmodifiableMap(extras));
    }

    private static void parseQuery(String text, int start, Map<String, String> known, Map<String, String> extras) {
        // Names seen so far in lower case: a duplicate is found with one hash lookup, not by comparing each new
        // name with every earlier one (that made 20,000 extra parameters cost seconds).
        Set<String> seenExtras = new HashSet<>();
        if (start == text.length()) {
            throw new InvalidOtpAuthUriException("empty query: the secret parameter is required");
        }
        int pos = start;
        while (pos <= text.length()) {
            int end = text.indexOf('&', pos);
            if (end < 0) {
                end = text.length();
            }
            if (end == pos) {
                throw new InvalidOtpAuthUriException("empty query parameter at position " + (pos + 1)
                        + ": check for '&&', a leading '&' or a trailing '&'");
            }
            int eq = text.indexOf('=', pos);
            if (eq < 0 || eq > end) {
                String name = decode("parameter name", text, pos, end, 0, false);
                throw new InvalidOtpAuthUriException("parameter " + echo(name) + " at position " + (pos + 1)
                        + " has no '=': expected name=value");
            }
            String name = decode("parameter name", text, pos, eq, 0, false);
            if (name.isEmpty()) {
                throw new InvalidOtpAuthUriException("parameter at position " + (pos + 1) + " has an empty name");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            boolean isKnown = LabelRules.isDefinedParameter(lower);
            String what = isKnown ? lower + " parameter" : "parameter " + echo(name);
            String value = decode(what, text, eq + 1, end, 0, true);
            if (isKnown) {
                if (known.putIfAbsent(lower, value) != null) {
                    throw new InvalidOtpAuthUriException("duplicate " + lower + " parameter: it may appear only once");
                }
            } else {
                LabelRules.checkExtraName(name);
                LabelRules.checkValueText(what, value);
                if (!seenExtras.add(lower)) {
                    throw new InvalidOtpAuthUriException("duplicate parameter " + echo(name)
                            + ": it may appear only once (names are case-insensitive)");
                }
                extras.put(name, value);
            }
            pos = end + 1;
        }
    }

    private static long number(String name, String value, long min, long max) {
        boolean ok = !value.isEmpty() && value.length() <= 19;
        for (int i = 0; ok && i < value.length(); i++) {
            char c = value.charAt(i);
            ok = c >= '0' && c <= '9'; // only ASCII digits; no sign, no spaces
        }
        long n = -1;
        if (ok) {
            try {
                n = Long.parseLong(value);
            } catch (NumberFormatException e) {
                ok = false; // 19 digits above Long.MAX_VALUE
            }
        }
        if (!ok || n < min || n > max) {
            throw new InvalidOtpAuthUriException(name + " parameter must be a whole number from " + min + " to "
                    + max + ", got " + echo(value));
        }
        return n;
    }

    private static String stripLeadingSpaces(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return s.substring(i);
    }

    /** RFC 3986 §2: only unreserved, reserved and '%' may appear raw in a URI. */
    private static void checkUriCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '#') {
                throw new InvalidOtpAuthUriException("a fragment ('#' at position " + (i + 1)
                        + ") is not part of the Key URI Format; percent-encode '#' as %23");
            }
            if (!isUriCharacter(c)) {
                throw new InvalidOtpAuthUriException("character at position " + (i + 1)
                        + " is not allowed in a URI: percent-encode spaces, non-ASCII letters and "
                        + "symbols such as \" < > \\ ^ ` { | } as UTF-8 (a space is %20)");
            }
        }
    }

    private static boolean isUriCharacter(char c) {
        return LabelRules.isUnreserved(c) || "!$&'()*+,;=:@/?%".indexOf(c) >= 0;
    }

    /**
     * Percent-decodes {@code text[from, to)} as UTF-8; positions in messages count from 1 in the whole URI.
     * Never echoes the text, as it may be the secret.
     */
    private static String decode(String what, String text, int from, int to, int offset, boolean plusIsSpace) {
        boolean plain = true;
        for (int i = from; i < to && plain; i++) {
            char c = text.charAt(i);
            plain = c != '%' && !(plusIsSpace && c == '+');
        }
        if (plain) {
            return text.substring(from, to);
        }
        byte[] bytes = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int hi = i + 1 < to ? Character.digit(text.charAt(i + 1), 16) : -1;
                int lo = i + 2 < to ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new InvalidOtpAuthUriException(what + ": malformed percent-encoding at position "
                            + (offset + i + 1) + ": '%' must be followed by two hex digits");
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (plusIsSpace && c == '+') {
                bytes[n++] = ' ';
            } else {
                bytes[n++] = (byte) c; // ASCII: checkUriCharacters ran first
            }
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new InvalidOtpAuthUriException(what + ": the percent-encoded bytes are not valid UTF-8");
        }
    }


    /** The caps come first, so that no later step runs over an unbounded input. */
    private static void checkSize(String text) {
        if (text.length() > OtpAuthUri.MAX_URI_LENGTH) {
            throw new InvalidOtpAuthUriException("URI too long: " + text.length() + " characters; at most "
                    + OtpAuthUri.MAX_URI_LENGTH + " are allowed");
        }
        int query = text.indexOf('?');
        if (query >= 0) {
            int parameters = 1;
            for (int i = query + 1; i < text.length(); i++) {
                if (text.charAt(i) == '&') {
                    parameters++;
                }
            }
            if (parameters > OtpAuthUri.MAX_PARAMETERS) {
                throw new InvalidOtpAuthUriException("too many query parameters: " + parameters + "; at most "
                        + OtpAuthUri.MAX_PARAMETERS + " are allowed");
            }
        }
    }
}
