package dev.kairos.core;

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
 * and thread-safe, and {@code parse(uri.toUriString()).equals(uri)} holds for every instance.
 *
 * <p><b>The URI contains the secret.</b> {@link #toUriString()} returns the full URI, {@code secret=} included,
 * because that is what the user's app must scan: show it only to the user who enrolls (as a QR code or a link),
 * never write it to a log, an error message or an analytics event. {@link #toString()} is the redacted form
 * ({@code secret=<redacted>}), so a URI concatenated into a log line does not leak the key.
 *
 * <h2>What {@link #toUriString()} writes</h2>
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
 *       hex. So a space is {@code %20} (never {@code +}) and a {@code +} is {@code %2B}; the one separator in
 *       the label is a literal {@code :} (issuer and account may not contain one, see
 *       {@link #checkIssuer(String)}). The URI text is therefore pure ASCII.
 *   <li>The secret is upper-case Base32 without {@code =} padding ({@link Secret#toBase32()}).
 * </ul>
 *
 * <h2>How {@link #parse(String)} reads</h2>
 *
 * <p>Strictly, with a {@link InvalidOtpAuthUriException} that names the wrong part: the scheme {@code otpauth}
 * and the type {@code totp}/{@code hotp} (both case-insensitive, as RFC 3986 §3.1 and §3.2.2 make scheme and
 * host), at most {@link #MAX_URI_LENGTH} characters and {@link #MAX_PARAMETERS} query parameters, a non-empty
 * label with an account and issuer that keep the rules of {@link #checkAccount(String)} and
 * {@link #checkIssuer(String)}, characters that RFC 3986 allows (anything else, e.g. a raw
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
 *       as {@code %3A}) is split there; otherwise the whole decoded label is the account (and refused if it
 *       holds a colon).
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

    /**
     * The longest URI {@link #parse(String)} reads and a builder makes, in characters: 4096. A QR code holds at
     * most 2953 bytes, so no scannable URI is longer; the cap bounds the parser's work on hostile input. With
     * non-ASCII issuers or accounts (each character up to 12 percent-encoded characters) this cap, not
     * {@link #MAX_LABEL_LENGTH}, is the one that binds.
     */
    public static final int MAX_URI_LENGTH = 4096;

    /**
     * The most query parameters {@link #parse(String)} reads and a builder makes: 64, the defined ones
     * ({@code secret}, {@code issuer}, {@code algorithm}, {@code digits}, {@code period} or {@code counter})
     * included. Real URIs have at most a handful.
     */
    public static final int MAX_PARAMETERS = 64;

    /**
     * The longest issuer or account, in Unicode code points (not UTF-16 units): 256. A longer one would not fit
     * an app's screen, and a service can size its columns by it.
     */
    public static final int MAX_LABEL_LENGTH = 256;

    private final Type type;
    private final Secret secret;
    private final HmacAlgorithm algorithm;
    private final int digits;
    private final long period;
    private final long counter;
    private final String issuer;
    private final String account;
    private final Map<String, String> extraParameters;

    /** Checks nothing: the builder and {@link OtpAuthUriParser} checked every part. */
    OtpAuthUri(Type type, Secret secret, HmacAlgorithm algorithm, int digits, long period, long counter,
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
     * Checks an issuer against the rules every issuer of an {@code otpauth://} URI must keep, the rules
     * {@link Builder#issuer(String)} and {@link #parse(String)} apply. A service can call it when an issuer is
     * configured, before any URI is made.
     *
     * <p>The rules: not null, not empty, not blank; at most {@link #MAX_LABEL_LENGTH} code points; no control
     * character ({@link Character#isISOControl}) and no lone surrogate; no leading or trailing space, where a space
     * is what {@link Character#isWhitespace} <em>or</em> {@link Character#isSpaceChar} calls one (so the no-break
     * spaces U+00A0, U+2007 and U+202F count); and no {@code ':'} (the Key URI Format: "Neither issuer nor account
     * name may themselves contain a colon"). Anything else is allowed, e.g. {@code &}, {@code %}, {@code /},
     * inner spaces, non-ASCII letters and emoji.
     *
     * @param issuer the issuer, e.g. {@code "ACME Corp"}
     * @throws InvalidOtpAuthUriException if {@code issuer} breaks a rule (null included); the message says which
     *     and never repeats the text
     */
    public static void checkIssuer(String issuer) {
        LabelRules.checkIssuer("issuer", issuer);
    }

    /**
     * Checks an account name against the rules every account of an {@code otpauth://} URI must keep, the rules
     * {@link Builder#account(String)} and {@link #parse(String)} apply. A service can call it when an enrollment
     * begins, so that it never stores an account it could not put in a URI.
     *
     * <p>The rules are those of {@link #checkIssuer(String)}, no {@code ':'} and no no-break space at either end
     * included.
     *
     * @param account the account name, e.g. {@code "alice@acme.test"}
     * @throws InvalidOtpAuthUriException if {@code account} breaks a rule (null included); the message says which
     *     and never repeats the text
     */
    public static void checkAccount(String account) {
        LabelRules.checkAccount("account", account);
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
        return new Builder(new OtpAuthUri(Type.TOTP, secret, parameters.algorithm(), parameters.digits(),
                parameters.periodSeconds(), -1, null, null, Map.of()));
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
        return new Builder(new OtpAuthUri(Type.HOTP, secret, algorithm, digits, -1, counter, null, null, Map.of()));
    }

    /**
     * The unfinished part of an {@link OtpAuthUri}: everything but the account. Immutable and thread-safe; each
     * method returns a new builder.
     */
    public static final class Builder {
        /** Every part but the account (which is null here). */
        private final OtpAuthUri p;

        private Builder(OtpAuthUri parts) {
            this.p = parts;
        }

        /**
         * Sets the issuer: the provider or service the account belongs to, shown by the app above the code.
         *
         * @param issuer text that keeps the rules of {@link OtpAuthUri#checkIssuer(String)}, e.g.
         *     {@code "ACME Corp"}
         * @return a new builder with the issuer
         * @throws NullPointerException if {@code issuer} is null
         * @throws InvalidOtpAuthUriException if {@code issuer} breaks a rule of {@link OtpAuthUri#checkIssuer}
         */
        public Builder issuer(String issuer) {
            checkIssuer(Objects.requireNonNull(issuer, "issuer"));
            return new Builder(new OtpAuthUri(p.type, p.secret, p.algorithm, p.digits, p.period, p.counter, issuer,
                    null, p.extraParameters));
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
         *     parameter, the value has a control character, or the URI would have more than
         *     {@link #MAX_PARAMETERS} parameters
         */
        public Builder parameter(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            LabelRules.checkExtraName(name);
            LabelRules.checkValueText("parameter '" + name + "'", value);
            if (!p.extraParameters.containsKey(name)) {
                OtpAuthUriWriter.checkParameterCount(p.extraParameters.size() + 1, false);
            }
            Map<String, String> copy = new LinkedHashMap<>(p.extraParameters);
            copy.put(name, value);
            return new Builder(new OtpAuthUri(p.type, p.secret, p.algorithm, p.digits, p.period, p.counter, p.issuer,
                    null, Collections.unmodifiableMap(copy)));
        }

        /**
         * Finishes the URI with the account name: the user's name at the issuer, shown by the app under the
         * issuer.
         *
         * @param account text that keeps the rules of {@link OtpAuthUri#checkAccount(String)}, e.g.
         *     {@code "alice@acme.test"}
         * @return the URI
         * @throws NullPointerException if {@code account} is null
         * @throws InvalidOtpAuthUriException if {@code account} breaks a rule of {@link OtpAuthUri#checkAccount},
         *     or the URI would have more than {@link #MAX_PARAMETERS} parameters or be longer than
         *     {@link #MAX_URI_LENGTH} characters (so that {@link #parse(String)} reads back every URI built)
         */
        public OtpAuthUri account(String account) {
            checkAccount(Objects.requireNonNull(account, "account"));
            OtpAuthUri uri = new OtpAuthUri(p.type, p.secret, p.algorithm, p.digits, p.period, p.counter, p.issuer,
                    account, p.extraParameters);
            OtpAuthUriWriter.checkSize(uri);
            return uri;
        }

        /**
         * Describes the builder without the secret.
         *
         * @return e.g. {@code "OtpAuthUri.Builder[totp, issuer=ACME Corp]"}
         */
        @Override
        public String toString() {
            return "OtpAuthUri.Builder[" + p.type.uriName() + (p.issuer == null ? "" : ", issuer=" + p.issuer) + "]";
        }
    }

    /**
     * Reads an {@code otpauth://} URI, strictly (see the class description; for URIs exported by other systems,
     * {@link RepairedOtpAuthUri#parse} repairs more). The work is linear in the length of the text, which is capped.
     *
     * @param text the URI, e.g. from a QR code
     * @return the URI
     * @throws NullPointerException if {@code text} is null
     * @throws InvalidOtpAuthUriException if the text is not a valid Key URI, is longer than
     *     {@link #MAX_URI_LENGTH} characters or has more than {@link #MAX_PARAMETERS} query parameters; the message
     *     names the wrong part and never contains the secret
     */
    public static OtpAuthUri parse(String text) {
        return OtpAuthUriParser.parse(text);
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
     * Returns the URI text, <b>secret included</b>: this is what the user's app scans (as a QR code or a link).
     * Show it only to the enrolling user; never log it.
     *
     * @return the URI, pure ASCII, written as the class description says
     */
    public String toUriString() {
        return OtpAuthUriWriter.write(this, false);
    }

    /**
     * Returns the URI text with the secret replaced by {@code <redacted>}, for logs and debugging; the same as
     * {@link #toString()}.
     *
     * @return e.g. {@code "otpauth://totp/ACME%20Corp:alice%40acme.test?secret=<redacted>&issuer=ACME%20Corp&..."}
     */
    public String toRedactedString() {
        return OtpAuthUriWriter.write(this, true);
    }

    /**
     * Describes the URI without its secret: the redacted text of {@link #toRedactedString()}. A URI that reaches
     * a log line, a debugger or an exception message by string concatenation does not leak the key; the full
     * text takes the deliberate call {@link #toUriString()}.
     *
     * @return the URI with {@code secret=<redacted>}
     */
    @Override
    public String toString() {
        return OtpAuthUriWriter.write(this, true);
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
