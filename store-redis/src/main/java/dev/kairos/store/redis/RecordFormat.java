package dev.kairos.store.redis;

import dev.kairos.core.HmacAlgorithm;
import dev.kairos.core.TotpParameters;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentState;
import dev.kairos.store.RecoveryCodeHash;
import dev.kairos.store.SealedSecret;
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
 * per field, readable with {@code redis-cli GET}:
 *
 * <pre>
 * kairos-enrollment/3 version=7310432
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
 * last_step=59012345               (-1: none)
 * failures=0
 * locked_until=...                 (absent when not locked)
 * recovery=Apbkdf2-sha256$... Upbkdf2-sha256$...   ('A' available / 'U' used, space separated, issue order)
 * flags=3                          (format 2: EnrollmentRecord.flags(); absent in format 1 = 0)
 * binding=v1.h...                  (format 3: EnrollmentRecord.binding(); absent when empty)
 * budget_restored=2026-03-01T10:00:00Z  (format 3: EnrollmentRecord.budgetRestoredAt(); absent when empty)
 * </pre>
 *
 * <p><b>Formats.</b> 1: the fields above but {@code flags}, {@code binding} and {@code budget_restored}. 2: adds
 * {@code flags} (legacy secret, imported). 3 (this version): adds {@code binding} and {@code budget_restored}, both
 * optional lines. Older values are read with flags 0, no binding and a whole budget, and rewritten as format 3 at
 * their next write.
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
    static final int FORMAT = 3;
    static final String MAGIC = "kairos-enrollment/";

    private RecordFormat() {
    }

    static String encode(EnrollmentRecord r) {
        StringBuilder sb = new StringBuilder(256 + r.recoveryCodes().size() * 100);
        sb.append(MAGIC).append(FORMAT).append(" version=").append(r.version()).append('\n');
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
        line(sb, "last_step", Long.toString(r.lastAcceptedStep()));
        line(sb, "failures", Integer.toString(r.consecutiveFailures()));
        r.lockedUntil().ifPresent(t -> line(sb, "locked_until", t.toString()));
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
        r.budgetRestoredAt().ifPresent(t -> line(sb, "budget_restored", t.toString()));
        return sb.toString();
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
        if (!value.startsWith(MAGIC)) {
            throw new IllegalArgumentException("the value does not start with '" + MAGIC + "'");
        }
        String[] lines = value.split("\n", -1);
        String header = lines[0];
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
        Map<String, String> fields = new HashMap<>();
        fields.put("version", header.substring(space + " version=".length()));
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
        try {
            TotpParameters parameters = new TotpParameters(HmacAlgorithm.valueOf(required(fields, "algorithm")),
                    Integer.parseInt(required(fields, "digits")),
                    Duration.ofSeconds(Long.parseLong(required(fields, "period"))),
                    Instant.ofEpochSecond(Long.parseLong(required(fields, "epoch"))));
            return new EnrollmentRecord(required(fields, "account"), required(fields, "label"),
                    new SealedSecret(required(fields, "secret.key"),
                            Base64.getDecoder().decode(required(fields, "secret.blob"))),
                    parameters, EnrollmentState.valueOf(required(fields, "state")),
                    Instant.parse(required(fields, "created")), optionalInstant(fields, "confirmed"),
                    Long.parseLong(required(fields, "last_step")), Integer.parseInt(required(fields, "failures")),
                    optionalInstant(fields, "locked_until"), recoveryCodes(required(fields, "recovery")),
                    format >= 2 ? Integer.parseInt(required(fields, "flags")) : 0,
                    Optional.ofNullable(fields.get("binding")), optionalInstant(fields, "budget_restored"),
                    Long.parseLong(required(fields, "version")));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("an instant is not ISO-8601", e);
        }
    }

    private static String required(Map<String, String> fields, String name) {
        String v = fields.get(name);
        if (v == null) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return v;
    }

    private static Optional<Instant> optionalInstant(Map<String, String> fields, String name) {
        String v = fields.get(name);
        return v == null ? Optional.empty() : Optional.of(Instant.parse(v));
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
