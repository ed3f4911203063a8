package dev.kairos.core;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An {@code otpauth://} URI in the Key URI Format that authenticator apps (Google Authenticator, Microsoft
 * Authenticator, Authy, 1Password, …) read from a QR code:
 *
 * <pre>{@code
 * otpauth://totp/ACME%20Corp:alice%40acme.test?secret=JBSWY3DPEHPK3PXP...&issuer=ACME%20Corp&algorithm=SHA1&digits=6&period=30
 * otpauth://hotp/ACME%20Corp:alice%40acme.test?secret=JBSWY3DPEHPK3PXP...&issuer=ACME%20Corp&algorithm=SHA1&digits=6&counter=0
 * }</pre>
 *
 * <p>Build one with {@code OtpAuthUri.totp(secret, params).issuer("ACME Corp").account("alice@acme.test")} (or
 * {@link #hotp(Secret, HmacAlgorithm, int, long)}), read one with {@link #parse(String)}. Instances are immutable
 * and thread-safe, and {@code parse(uri.toString()).equals(uri)} holds for every instance.
 *
 * <p><b>The URI contains the secret.</b> {@link #toString()} returns the full URI, {@code secret=} included,
 * because that is what the user's app must scan: show it only to the user who enrolls (as a QR code or a link),
 * never write it to a log, an error message or an analytics event. For logs use {@link #toRedactedString()}.
 *
 * <h2>What {@link #toString()} writes</h2>
 *
 * <ul>
 *   <li><b>Every parameter, defaults included</b>: {@code secret}, {@code issuer} (when there is one),
 *       {@code algorithm}, {@code digits}, then {@code period} (TOTP) or {@code counter} (HOTP), then any extra
 *       parameters in the order they were given. Writing {@code algorithm=SHA1&digits=6&period=30} out costs a
 *       few bytes but leaves no reader to guess a default. Note that some apps (Google Authenticator on some
 *       platforms, among others) silently ignore a non-default algorithm, digits or period and then show wrong
 *       codes: keep to SHA1, 6 digits and 30 seconds unless you know your users' apps.
 *   <li>The label is {@code ISSUER:ACCOUNT} when there is an issuer (the issuer is then written twice, in the
 *       label prefix and in the {@code issuer} parameter, as the format recommends for old and new apps alike),
 *       or just {@code ACCOUNT}.
 *   <li>Issuer, account and parameter values are UTF-8 and percent-encoded as RFC 3986 §2.1 requires: every
 *       byte except the unreserved characters {@code A-Z a-z 0-9 - . _ ~} becomes {@code %XX} with upper-case
 *       hex. So a space is {@code %20} (never {@code +}), a {@code +} is {@code %2B}, and a {@code :} inside the
 *       issuer or account is {@code %3A}; only the one separator in the label is a literal {@code :}. The URI
 *       text is therefore pure ASCII.
 *   <li>The secret is upper-case Base32 without {@code =} padding ({@link Secret#toBase32()}).
 * </ul>
 *
 * <h2>How {@link #parse(String)} reads</h2>
 *
 * <p>Strictly, with a {@link InvalidOtpAuthUriException} that names the wrong part: the scheme {@code otpauth}
 * and the type {@code totp}/{@code hotp} (both case-insensitive, as RFC 3986 §3.1 and §3.2.2 make scheme and
 * host), a non-empty label with a non-empty account, characters that RFC 3986 allows (anything else, e.g. a raw
 * space or a raw non-ASCII letter, must be percent-encoded), well-formed percent-encoding of UTF-8, a
 * {@code secret} that is Base32 of at least 128 bits, an algorithm of SHA1, SHA256 or SHA512, digits from 6 to 10,
 * a period from 1 to 86400 seconds (TOTP only), a counter of 0 or more (required for HOTP, refused for TOTP), each
 * parameter at most once (names are case-insensitive), and an {@code issuer} parameter equal to the label's
 * issuer prefix when both are present. Missing {@code algorithm}, {@code digits} and {@code period} take the
 * defaults SHA1, 6 and 30. Unknown parameters (e.g. {@code image}) are kept, in order, in
 * {@link #extraParameters()}.
 *
 * <p>Where other writers differ, the reading is lenient and documented:
 * <ul>
 *   <li><b>{@code +} in the query means a space</b> (the {@code application/x-www-form-urlencoded} convention
 *       that Go's {@code url.Values}, Java's {@code URLEncoder} and the examples in Google's Key URI Format page
 *       use for {@code issuer=ACME+Corp}). A literal plus in a parameter value must be written {@code %2B}, as
 *       Kairos always does. In the label (the URI path) a {@code +} is a plus, as RFC 3986 says.
 *   <li>The label separator is the first literal {@code :}. A label without a literal {@code :} whose decoded
 *       text starts with the {@code issuer} parameter followed by {@code :} (some writers encode the separator
 *       as {@code %3A}) is split there; otherwise the whole decoded label is the account, colons included.
 *   <li>Spaces after the label separator ({@code ACME:%20alice}) are skipped, as the format allows.
 *   <li>The secret is read as {@link Secret#fromBase32(CharSequence)} reads it: lower case and {@code =} padding
 *       are accepted.
 * </ul>
 *
 * <p>The Key URI Format has no epoch: apps count TOTP steps from Unix time 0, so only {@link TotpParameters}
 * with {@link Instant#EPOCH} as epoch can become a URI.
 */
public final class OtpAuthUri {

    /** The two kinds of one-time password in the Key URI Format, the {@code host} part of the URI. */
    public enum Type {
        /** RFC 6238 time-based codes: {@code otpauth://totp/…}. */
        TOTP,
        /** RFC 4226 counter-based codes: {@code otpauth://hotp/…}. */
        HOTP;

        /**
         * Returns the name as the URI writes it.
         *
         * @return {@code "totp"} or {@code "hotp"}
         */
        public String uriName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String SCHEME = "otpauth";
    private static final long DEFAULT_PERIOD = 30;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** Longest value echoed in an error message; longer values are described by their length only. */
    private static final int ECHO_LIMIT = 24;

    private final Type type;
    private final Secret secret;
    private final HmacAlgorithm algorithm;
    private final int digits;
    private final long period;
    private final long counter;
    private final String issuer;
    private final String account;
    private final Map<String, String> extraParameters;

    private OtpAuthUri(Type type, Secret secret, HmacAlgorithm algorithm, int digits, long period, long counter,
            String issuer, String account, Map<String, String> extraParameters) {
        this.type = type;
        this.secret = secret;
        this.algorithm = algorithm;
        this.digits = digits;
        this.period = period;
        this.counter = counter;
        this.issuer = issuer;
        this.account = account;
        this.extraParameters = extraParameters;
    }

    /**
     * Starts a TOTP URI. Finish it with {@link Builder#account(String)}, after an optional
     * {@link Builder#issuer(String)}.
     *
     * @param secret the shared secret
     * @param parameters algorithm, digits and period; the epoch must be Unix time 0
     * @return a builder
     * @throws NullPointerException if an argument is null
     * @throws InvalidOtpAuthUriException if the epoch of {@code parameters} is not {@link Instant#EPOCH} (the Key
     *     URI Format cannot express another epoch)
     */
    public static Builder totp(Secret secret, TotpParameters parameters) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(parameters, "parameters");
        if (!Instant.EPOCH.equals(parameters.epoch())) {
            throw new InvalidOtpAuthUriException("the Key URI Format has no epoch parameter and apps count from "
                    + "Unix time 0, but the parameters have epoch " + parameters.epoch());
        }
        return new Builder(Type.TOTP, secret, parameters.algorithm(), parameters.digits(),
                parameters.periodSeconds(), -1, null, Map.of());
    }

    /**
     * Starts an HOTP URI. Finish it with {@link Builder#account(String)}, after an optional
     * {@link Builder#issuer(String)}.
     *
     * @param secret the shared secret
     * @param algorithm the HMAC algorithm
     * @param digits the length of a code, in decimal digits: 6 to 10
     * @param counter the counter value the app starts from, 0 or more
     * @return a builder
     * @throws NullPointerException if {@code secret} or {@code algorithm} is null
     * @throws InvalidOtpParametersException if {@code digits} is outside 6 to 10 or {@code counter} is negative
     */
    public static Builder hotp(Secret secret, HmacAlgorithm algorithm, int digits, long counter) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(algorithm, "algorithm");
        TotpParameters.checkDigits(digits);
        if (counter < 0) {
            throw new InvalidOtpParametersException("counter must be 0 or more, got " + counter);
        }
        return new Builder(Type.HOTP, secret, algorithm, digits, -1, counter, null, Map.of());
    }

    /**
     * The unfinished part of an {@link OtpAuthUri}: everything but the account. Immutable and thread-safe; each
     * method returns a new builder.
     */
    public static final class Builder {
        private final Type type;
        private final Secret secret;
        private final HmacAlgorithm algorithm;
        private final int digits;
        private final long period;
        private final long counter;
        private final String issuer;
        private final Map<String, String> extras;

        private Builder(Type type, Secret secret, HmacAlgorithm algorithm, int digits, long period, long counter,
                String issuer, Map<String, String> extras) {
            this.type = type;
            this.secret = secret;
            this.algorithm = algorithm;
            this.digits = digits;
            this.period = period;
            this.counter = counter;
            this.issuer = issuer;
            this.extras = extras;
        }

        /**
         * Sets the issuer: the provider or service the account belongs to, shown by the app above the code.
         *
         * @param issuer any non-empty text without control characters and without leading or trailing
         *     whitespace, e.g. {@code "ACME Corp"}; it may contain {@code :}, {@code &}, {@code %}, non-ASCII
         *     letters and emoji
         * @return a new builder with the issuer
         * @throws NullPointerException if {@code issuer} is null
         * @throws InvalidOtpAuthUriException if {@code issuer} is empty or has a control character or leading or
         *     trailing whitespace
         */
        public Builder issuer(String issuer) {
            checkLabelText("issuer", Objects.requireNonNull(issuer, "issuer"));
            return new Builder(type, secret, algorithm, digits, period, counter, issuer, extras);
        }

        /**
         * Adds a parameter the Key URI Format does not define, e.g. {@code image} (a logo URL some apps show).
         * Setting the same name again replaces the value.
         *
         * @param name the parameter name: letters, digits, {@code - . _ ~}; not one of {@code secret},
         *     {@code issuer}, {@code algorithm}, {@code digits}, {@code period}, {@code counter} (in any case)
         * @param value the value, any text without control characters (it is percent-encoded)
         * @return a new builder with the parameter
         * @throws NullPointerException if an argument is null
         * @throws InvalidOtpAuthUriException if the name is empty, has another character or is a defined
         *     parameter, or the value has a control character
         */
        public Builder parameter(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            checkExtraName(name);
            checkValueText("parameter '" + name + "'", value);
            Map<String, String> copy = new LinkedHashMap<>(extras);
            copy.put(name, value);
            return new Builder(type, secret, algorithm, digits, period, counter, issuer,
                    Collections.unmodifiableMap(copy));
        }

        /**
         * Finishes the URI with the account name: the user's name at the issuer, shown by the app under the
         * issuer.
         *
         * @param account any non-empty text without control characters and without leading or trailing
         *     whitespace, e.g. {@code "alice@acme.test"}; it may contain {@code :}, {@code &}, {@code %},
         *     non-ASCII letters and emoji
         * @return the URI
         * @throws NullPointerException if {@code account} is null
         * @throws InvalidOtpAuthUriException if {@code account} is empty or has a control character or leading or
         *     trailing whitespace
         */
        public OtpAuthUri account(String account) {
            checkLabelText("account", Objects.requireNonNull(account, "account"));
            return new OtpAuthUri(type, secret, algorithm, digits, period, counter, issuer, account, extras);
        }

        /**
         * Describes the builder without the secret.
         *
         * @return e.g. {@code "OtpAuthUri.Builder[totp, issuer=ACME Corp]"}
         */
        @Override
        public String toString() {
            return "OtpAuthUri.Builder[" + type.uriName() + (issuer == null ? "" : ", issuer=" + issuer) + "]";
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Parsing

    /**
     * Reads an {@code otpauth://} URI, strictly (see the class description for every rule and the few documented
     * leniencies).
     *
     * @param text the URI, e.g. from a QR code
     * @return the URI
     * @throws NullPointerException if {@code text} is null
     * @throws InvalidOtpAuthUriException if the text is not a valid Key URI; the message names the wrong part and
     *     never contains the secret
     */
    public static OtpAuthUri parse(String text) {
        Objects.requireNonNull(text, "text");
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
        Type type;
        if (typeText.equalsIgnoreCase("totp")) {
            type = Type.TOTP;
        } else if (typeText.equalsIgnoreCase("hotp")) {
            type = Type.HOTP;
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
            secret = Secret.fromBase32(secretText);
        } catch (InvalidSecretException e) {
            // Secret's messages give positions, never characters; keep the cause for the stack trace.
            throw new InvalidOtpAuthUriException("secret parameter: " + e.getMessage(), e);
        }
        HmacAlgorithm algorithm = HmacAlgorithm.SHA1;
        String algorithmText = known.get("algorithm");
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
        if (type == Type.TOTP) {
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
            if (counterText == null) {
                throw new InvalidOtpAuthUriException("missing counter parameter: a hotp URI requires it");
            }
            counter = number("counter", counterText, 0, Long.MAX_VALUE);
        }

        String issuerParameter = known.get("issuer");
        if (issuerParameter != null) {
            if (issuerParameter.isEmpty()) {
                throw new InvalidOtpAuthUriException("issuer parameter is empty: leave it out or give the issuer");
            }
            checkLabelText("issuer parameter", issuerParameter);
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
            checkLabelText("label issuer prefix", prefix);
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
        checkLabelText("account", account);
        if (prefix != null && issuerParameter != null && !prefix.equals(issuerParameter)) {
            throw new InvalidOtpAuthUriException("issuer parameter " + echo(issuerParameter)
                    + " contradicts the label's issuer prefix " + echo(prefix) + ": they must be equal");
        }
        String issuer = issuerParameter != null ? issuerParameter : prefix;
        return new OtpAuthUri(type, secret, algorithm, digits, period, counter, issuer, account,
                extras.isEmpty() ? Map.of() : Collections.unmodifiableMap(extras));
    }

    private static void parseQuery(String text, int start, Map<String, String> known, Map<String, String> extras) {
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
            boolean isKnown = isDefinedParameter(lower);
            String what = isKnown ? lower + " parameter" : "parameter " + echo(name);
            String value = decode(what, text, eq + 1, end, 0, true);
            if (isKnown) {
                if (known.putIfAbsent(lower, value) != null) {
                    throw new InvalidOtpAuthUriException("duplicate " + lower + " parameter: it may appear only once");
                }
            } else {
                checkExtraName(name);
                checkValueText(what, value);
                for (String existing : extras.keySet()) {
                    if (existing.equalsIgnoreCase(name)) {
                        throw new InvalidOtpAuthUriException("duplicate parameter " + echo(name)
                                + ": it may appear only once");
                    }
                }
                extras.put(name, value);
            }
            pos = end + 1;
        }
    }

    private static boolean isDefinedParameter(String lowerCaseName) {
        return switch (lowerCaseName) {
            case "secret", "issuer", "algorithm", "digits", "period", "counter" -> true;
            default -> false;
        };
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
        return isUnreserved(c) || "!$&'()*+,;=:@/?%".indexOf(c) >= 0;
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
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

    // ---------------------------------------------------------------------------------------------------------
    // Validation shared by building and parsing

    static void checkLabelText(String what, String s) {
        if (s.isEmpty()) {
            throw new InvalidOtpAuthUriException(what + " is empty");
        }
        checkValueText(what, s);
        if (Character.isWhitespace(s.codePointAt(0)) || Character.isSpaceChar(s.codePointAt(0))) {
            throw new InvalidOtpAuthUriException(what + " starts with whitespace; trim it");
        }
        int last = s.codePointBefore(s.length());
        if (Character.isWhitespace(last) || Character.isSpaceChar(last)) {
            throw new InvalidOtpAuthUriException(what + " ends with whitespace; trim it");
        }
    }

    private static void checkValueText(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidOtpAuthUriException(what + " has a control character (U+"
                        + String.format(Locale.ROOT, "%04X", (int) c) + ") at position " + (i + 1));
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidOtpAuthUriException(what + " is not well-formed Unicode: lone surrogate at position "
                        + (i + 1));
            }
        }
    }

    private static void checkExtraName(String name) {
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
    }

    /** Quotes a short, non-secret value for a message; long values are described by their length only. */
    private static String echo(String value) {
        if (value.length() > ECHO_LIMIT) {
            return "(" + value.length() + " characters)";
        }
        return "'" + value + "'";
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accessors

    /**
     * Returns the kind of one-time password.
     *
     * @return {@link Type#TOTP} or {@link Type#HOTP}
     */
    public Type type() {
        return type;
    }

    /**
     * Returns the shared secret.
     *
     * @return the secret
     */
    public Secret secret() {
        return secret;
    }

    /**
     * Returns the secret formatted for people who type it into their app, for when they cannot scan the QR code.
     *
     * @return upper-case Base32 in groups of four, e.g. {@code "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"}
     * @see Secret#toManualEntryKey()
     */
    public String manualEntryKey() {
        return secret.toManualEntryKey();
    }

    /**
     * Returns the HMAC algorithm.
     *
     * @return the algorithm
     */
    public HmacAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * Returns the length of a code.
     *
     * @return the length, in decimal digits: 6 to 10
     */
    public int digits() {
        return digits;
    }

    /**
     * Returns the TOTP time step.
     *
     * @return the period (whole seconds, 1 second to 1 day) of a TOTP URI; empty for HOTP
     */
    public Optional<Duration> period() {
        return type == Type.TOTP ? Optional.of(Duration.ofSeconds(period)) : Optional.empty();
    }

    /**
     * Returns the HOTP counter value the app starts from.
     *
     * @return the counter (0 or more) of an HOTP URI; empty for TOTP
     */
    public OptionalLong counter() {
        return type == Type.HOTP ? OptionalLong.of(counter) : OptionalLong.empty();
    }

    /**
     * Returns the TOTP parameters, ready for {@link Totp#of(Secret, TotpParameters)}.
     *
     * @return algorithm, digits and period with epoch 0 for a TOTP URI; empty for HOTP
     */
    public Optional<TotpParameters> totpParameters() {
        return type == Type.TOTP
                ? Optional.of(new TotpParameters(algorithm, digits, Duration.ofSeconds(period), Instant.EPOCH))
                : Optional.empty();
    }

    /**
     * Returns the issuer: the provider the account belongs to.
     *
     * @return the issuer (decoded text, e.g. {@code "ACME Corp"}), or empty if the URI has none
     */
    public Optional<String> issuer() {
        return Optional.ofNullable(issuer);
    }

    /**
     * Returns the account name.
     *
     * @return the account (decoded text, e.g. {@code "alice@acme.test"}); never empty
     */
    public String account() {
        return account;
    }

    /**
     * Returns the parameters the Key URI Format does not define (e.g. {@code image}), in URI order.
     *
     * @return an unmodifiable map from name to decoded value; empty if there are none
     */
    public Map<String, String> extraParameters() {
        return extraParameters;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Text

    /**
     * Returns the URI text, <b>secret included</b>: this is what the user's app scans. Show it only to the
     * enrolling user; never log it (use {@link #toRedactedString()}).
     *
     * @return the URI, pure ASCII, written as the class description says
     */
    @Override
    public String toString() {
        return write(false);
    }

    /**
     * Returns the URI text with the secret replaced by {@code <redacted>}, for logs and debugging.
     *
     * @return e.g. {@code "otpauth://totp/ACME%20Corp:alice%40acme.test?secret=<redacted>&issuer=ACME%20Corp&..."}
     */
    public String toRedactedString() {
        return write(true);
    }

    private String write(boolean redact) {
        StringBuilder sb = new StringBuilder(128);
        sb.append(SCHEME).append("://").append(type.uriName()).append('/');
        if (issuer != null) {
            encode(sb, issuer);
            sb.append(':');
        }
        encode(sb, account);
        sb.append("?secret=").append(redact ? "<redacted>" : secret.toBase32());
        if (issuer != null) {
            sb.append("&issuer=");
            encode(sb, issuer);
        }
        sb.append("&algorithm=").append(algorithm.name());
        sb.append("&digits=").append(digits);
        if (type == Type.TOTP) {
            sb.append("&period=").append(period);
        } else {
            sb.append("&counter=").append(counter);
        }
        for (Map.Entry<String, String> e : extraParameters.entrySet()) {
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
            if (isUnreserved(c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
    }

    /**
     * Compares every part: type, secret (in constant time), algorithm, digits, period or counter, issuer,
     * account and extra parameters (with their order).
     *
     * @param o the other object
     * @return true if {@code o} is an equal URI
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OtpAuthUri other)) {
            return false;
        }
        return type == other.type && algorithm == other.algorithm && digits == other.digits
                && period == other.period && counter == other.counter
                && Objects.equals(issuer, other.issuer) && account.equals(other.account)
                && extraParameters.equals(other.extraParameters)
                && List.copyOf(extraParameters.keySet())
                        .equals(List.copyOf(other.extraParameters.keySet()))
                && secret.equals(other.secret);
    }

    /** Leaves the secret's bytes out, so a hash table learns nothing about it. */
    @Override
    public int hashCode() {
        return Objects.hash(type, algorithm, digits, period, counter, issuer, account, extraParameters,
                secret.length());
    }
}
