package dev.kairos.store.redis;

import dev.kairos.core.HmacAlgorithm;
import dev.kairos.core.TotpParameters;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentState;
import dev.kairos.store.RecoveryCodeHash;
import dev.kairos.store.SealedSecret;
import dev.kairos.store.SignInState;
import dev.kairos.store.StoredEnrollment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stored form of an {@link EnrollmentRecord}: one UTF-8 string, a header line then one {@code name=value} line
 * per field, readable with {@code redis-cli GET}. Format 4 puts the fields a sign-in changes first, then a blank line,
 * then the rest:
 *
 * <pre>
 * kairos-enrollment/4 version=7310432
 * last_step=59012345               (-1: none)
 * failures=0
 * locked_until=1772359200000       (Unix milliseconds; absent when not locked)
 * budget_restored=1772359200000    (Unix milliseconds; absent when the budget is whole)
 *
 * generation=7310400               (the version of the last whole-record write, see StoredEnrollment)
 * account=alice
 * label=alice@acme.test
 * secret.key=k1
 * secret.blob=AQIDBA...            (Base64)
 * algorithm=SHA1
 * digits=6
 * period=30                        (seconds)
 * epoch=0                          (Unix seconds)
 * state=ACTIVE
 * created=2026-03-01T09:15:30.123Z
 * confirmed=2026-03-01T09:16:02Z   (absent while pending)
 * recovery=Apbkdf2-sha256$... Upbkdf2-sha256$...   ('A' available / 'U' used, space separated, issue order)
 * flags=3
 * binding=v1.h...                  (absent when empty)
 * </pre>
 *
 * <p>So a sign-in sends only the head (header and sign-in lines, at most about 140 bytes) and the store's script
 * splices it onto the stored rest ({@code RedisEnrollmentStore.SIGN_IN}); the rest, and its {@code generation}
 * line, change only with a whole-record write.
 *
 * <p><b>Formats.</b> 1: the fields above but {@code flags}, {@code binding}, {@code budget_restored} and
 * {@code generation}, in one block, instants ISO-8601. 2: adds {@code flags}. 3: adds {@code binding} and
 * {@code budget_restored}. 4 (this version): the sign-in lines first with their instants in Unix milliseconds, a
 * blank line, and {@code generation}. Older values are read (flags 0, no binding, a whole budget, generation = version)
 * and rewritten as format 4 at their next write.
 *
 * <p>The header carries the format number and the compare-and-set version at a fixed place, so the Lua scripts read
 * the version with one pattern match and never parse the rest. Values cannot contain a line break: account ids and
 * labels have no control characters, key ids are {@code [A-Za-z0-9._-]}, hashes are printable ASCII without spaces.
 *
 * <p><b>Adding a field</b> (e.g. an OTP kind or an HOTP counter): write it as a new line, raise {@link #FORMAT}, and
 * give it a default when it is absent, so this reader's successor reads every older value. A reader refuses a format
 * newer than its own: rewriting such a value would silently drop the fields it does not know.
 */
final class RecordFormat {
    /** The format this library writes, and the newest it reads. */
    static final int FORMAT = 4;
    static final String MAGIC = "kairos-enrollment/";

    private RecordFormat() {
    }

    /** The whole value of a record written whole: its generation is its version. */
    static String encode(EnrollmentRecord r) {
        return encode(r, r.version());
    }

    /** The whole value of a record of generation {@code generation}. */
    static String encode(EnrollmentRecord r, long generation) {
        StringBuilder sb = new StringBuilder(256 + r.recoveryCodes().size() * 100);
        sb.append(head(r.signInState()));
        sb.append('\n');
        line(sb, "generation", Long.toString(generation));
        line(sb, "account", r.accountId());
        line(sb, "label", r.label());
        line(sb, "secret.key", r.secret().keyId());
        line(sb, "secret.blob", Base64.getEncoder().encodeToString(r.secret().blob()));
        TotpParameters p = r.parameters();
        line(sb, "algorithm", p.algorithm().name());
        line(sb, "digits", Integer.toString(p.digits()));
        line(sb, "period", Long.toString(p.periodSeconds()));
        line(sb, "epoch", Long.toString(p.epoch().getEpochSecond()));
        line(sb, "state", r.state().name());
        line(sb, "created", r.createdAt().toString());
        r.confirmedAt().ifPresent(t -> line(sb, "confirmed", t.toString()));
        StringBuilder codes = new StringBuilder();
        for (RecoveryCodeHash code : r.recoveryCodes()) {
            if (codes.length() > 0) {
                codes.append(' ');
            }
            codes.append(code.used() ? 'U' : 'A').append(code.encoded());
        }
        line(sb, "recovery", codes.toString());
        line(sb, "flags", Integer.toString(r.flags()));
        r.binding().ifPresent(b -> line(sb, "binding", b));
        return sb.toString();
    }

    /**
     * The head of a format-4 value: the header and the sign-in lines, each ending with a line break; what a sign-in
     * sends.
     */
    static String head(SignInState state) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(MAGIC).append(FORMAT).append(" version=").append(state.version()).append('\n');
        line(sb, "last_step", Long.toString(state.lastAcceptedStep()));
        line(sb, "failures", Integer.toString(state.consecutiveFailures()));
        state.lockedUntil().ifPresent(t -> line(sb, "locked_until", Long.toString(t.toEpochMilli())));
        state.budgetRestoredAt().ifPresent(t -> line(sb, "budget_restored", Long.toString(t.toEpochMilli())));
        return sb.toString();
    }

    /**
     * Decodes the head of a format-4 value, as the sign-in script returns it when it lost.
     *
     * @throws IllegalArgumentException if it is not such a head
     */
    static SignInState decodeHead(String head) {
        Map<String, String> fields = fields(head);
        if (format(head) != FORMAT) {
            throw new IllegalArgumentException("the head is not in format " + FORMAT);
        }
        return new SignInState(Long.parseLong(required(fields, "last_step")),
                Integer.parseInt(required(fields, "failures")), optionalInstant(fields, "locked_until", FORMAT),
                optionalInstant(fields, "budget_restored", FORMAT), Long.parseLong(required(fields, "version")));
    }

    private static void line(StringBuilder sb, String name, String value) {
        sb.append(name).append('=').append(value).append('\n');
    }

    /**
     * Decodes a stored value.
     *
     * @throws IllegalArgumentException if the value is not in a format this reader knows, or is not a valid record;
     *     the message names the field, never its value
     */
    static EnrollmentRecord decode(String value) {
        return decodeStored(value).record();
    }

    /**
     * Decodes a stored value with its generation (a value older than format 4 was written whole: its version).
     *
     * @throws IllegalArgumentException if the value is not in a format this reader knows, or is not a valid record;
     *     the message names the field, never its value
     */
    static StoredEnrollment decodeStored(String value) {
        int format = format(value);
        Map<String, String> fields = fields(value);
        try {
            TotpParameters parameters = new TotpParameters(HmacAlgorithm.valueOf(required(fields, "algorithm")),
                    Integer.parseInt(required(fields, "digits")),
                    Duration.ofSeconds(Long.parseLong(required(fields, "period"))),
                    Instant.ofEpochSecond(Long.parseLong(required(fields, "epoch"))));
            long version = Long.parseLong(required(fields, "version"));
            EnrollmentRecord r = new EnrollmentRecord(required(fields, "account"), required(fields, "label"),
                    new SealedSecret(required(fields, "secret.key"),
                            Base64.getDecoder().decode(required(fields, "secret.blob"))),
                    parameters, EnrollmentState.valueOf(required(fields, "state")),
                    Instant.parse(required(fields, "created")), optionalInstant(fields, "confirmed", 1),
                    Long.parseLong(required(fields, "last_step")), Integer.parseInt(required(fields, "failures")),
                    optionalInstant(fields, "locked_until", format), recoveryCodes(required(fields, "recovery")),
                    format >= 2 ? Integer.parseInt(required(fields, "flags")) : 0,
                    Optional.ofNullable(fields.get("binding")), optionalInstant(fields, "budget_restored", format),
                    version);
            return new StoredEnrollment(r, format >= 4 ? Long.parseLong(required(fields, "generation")) : version);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("an instant is not ISO-8601", e);
        }
    }

    /** The format number of a value's header. */
    private static int format(String value) {
        if (!value.startsWith(MAGIC)) {
            throw new IllegalArgumentException("the value does not start with '" + MAGIC + "'");
        }
        int end = value.indexOf('\n');
        String header = end < 0 ? value : value.substring(0, end);
        int space = header.indexOf(' ');
        int format;
        try {
            format = Integer.parseInt(header.substring(MAGIC.length(), space < 0 ? header.length() : space));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the header has no format number", e);
        }
        if (format > FORMAT || format < 1) {
            throw new IllegalArgumentException("the value is in format " + format + ", and this kairos-store-redis "
                    + "reads formats 1 to " + FORMAT + (format > FORMAT ? ": upgrade the library" : ""));
        }
        if (space < 0 || !header.startsWith(" version=", space)) {
            throw new IllegalArgumentException("the header has no version");
        }
        return format;
    }

    /** The header's version and every {@code name=value} line (blank lines skip). */
    private static Map<String, String> fields(String value) {
        String[] lines = value.split("\n", -1);
        String header = lines[0];
        Map<String, String> fields = new HashMap<>();
        fields.put("version", header.substring(header.indexOf(" version=") + " version=".length()));
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            int eq = lines[i].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not name=value");
            }
            fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
        }
        return fields;
    }

    private static String required(Map<String, String> fields, String name) {
        String v = fields.get(name);
        if (v == null) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return v;
    }

    /** An optional instant: ISO-8601, or from format 4 on for the sign-in lines Unix milliseconds. */
    private static Optional<Instant> optionalInstant(Map<String, String> fields, String name, int format) {
        String v = fields.get(name);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(format >= 4 ? Instant.ofEpochMilli(Long.parseLong(v)) : Instant.parse(v));
    }

    private static List<RecoveryCodeHash> recoveryCodes(String field) {
        List<RecoveryCodeHash> codes = new ArrayList<>();
        if (field.isEmpty()) {
            return codes;
        }
        for (String token : field.split(" ", -1)) {
            if (token.length() < 2 || (token.charAt(0) != 'A' && token.charAt(0) != 'U')) {
                throw new IllegalArgumentException("field 'recovery' has a token that is not 'A' or 'U' and a hash");
            }
            codes.add(new RecoveryCodeHash(token.substring(1), token.charAt(0) == 'U'));
        }
        return codes;
    }
}
