package dev.kairos.store;

import dev.kairos.core.TotpParameters;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The stored state of one account's MFA enrollment: an immutable value that an {@link EnrollmentStore} persists
 * and returns unchanged, field by field.
 * The enrollment service ({@code dev.kairos.mfa.Enrollments}) creates every record; stores only keep them.
 *
 * <p>A relational store maps it to one row, for example:
 *
 * <pre>
 * account_id           VARCHAR(256) PRIMARY KEY  -- accountId, case-sensitive, compared exactly
 * label                VARCHAR(256) NOT NULL     -- label
 * secret_key_id        VARCHAR(64)  NOT NULL     -- secret().keyId(), '' when unsealed
 * secret_blob          VARBINARY(1024) NOT NULL  -- secret().blob()
 * algorithm            VARCHAR(8)   NOT NULL     -- parameters().algorithm().name(): SHA1, SHA256, SHA512
 * digits               INT          NOT NULL     -- parameters().digits()
 * period_seconds       BIGINT       NOT NULL     -- parameters().periodSeconds()
 * epoch_seconds        BIGINT       NOT NULL     -- parameters().epoch().getEpochSecond()
 * state                VARCHAR(16)  NOT NULL     -- state().name()
 * created_at           TIMESTAMP    NOT NULL     -- createdAt (millisecond precision, UTC)
 * confirmed_at         TIMESTAMP    NULL         -- confirmedAt, empty = NULL
 * last_accepted_step   BIGINT       NOT NULL     -- lastAcceptedStep, -1 = none yet
 * consecutive_failures INT          NOT NULL     -- consecutiveFailures
 * locked_until         TIMESTAMP    NULL         -- lockedUntil, empty = NULL
 * recovery_codes       (child table or text)     -- recoveryCodes in order: encoded + used
 * flags                INT          NOT NULL     -- flags, 0 = none (stores older than flags: default 0)
 * binding              VARCHAR(1024) NULL        -- binding, empty = NULL (stores older than it: NULL)
 * budget_restored_at   TIMESTAMP    NULL         -- budgetRestoredAt, empty = NULL (older stores: NULL)
 * version              BIGINT       NOT NULL     -- version
 * </pre>
 *
 * <p>Instants are truncated to whole milliseconds on construction, so a store whose timestamps keep milliseconds
 * (or better) returns an equal record. {@link #equals(Object)} compares every field, the sealed secret's bytes
 * included; {@link #toString()} shows neither the sealed secret nor the recovery code hashes.
 *
 * @param accountId the host's id of the account: 1 to 256 characters, not blank, no leading or trailing
 *     whitespace, no control characters
 * @param label the account name shown in the authenticator app (e.g. an e-mail address): same rules as the
 *     account id, and no {@code ':'}
 * @param secret the TOTP secret, sealed (or explicitly unsealed)
 * @param parameters algorithm, digits, period and epoch of the TOTP codes
 * @param state pending or active
 * @param createdAt when the enrollment was begun
 * @param confirmedAt when it was confirmed: present exactly when the state is active
 * @param lastAcceptedStep the last accepted time step (the replay guard, RFC 6238 §5.2), or for a {@link #HOTP}
 *     enrollment the last accepted counter; -1 if none
 * @param consecutiveFailures counted wrong codes in a row since the last success, 0 or more: wrong TOTP codes
 *     and wrong recovery codes <em>imported</em> from another system; a wrong recovery code issued by the service
 *     is not counted (it has at least 64 bits)
 * @param lockedUntil until when codes are not checked, if a lockout was imposed
 * @param recoveryCodes the hashed recovery codes with their used flags, in the order they were issued; empty
 *     while pending; at most 100
 * @param flags what kind of enrollment this is, as bits: {@link #LEGACY_SECRET}, {@link #IMPORTED}, {@link #HOTP}; 0 for an
 *     enrollment begun and confirmed here with a full-length secret. A store persists the number as it is. Bits
 *     this version does not know are refused, so a record written by a newer version, of a kind this one cannot
 *     verify, is never misread as an ordinary one
 * @param binding what binds a set-up to whoever may finish it, encoded by the service and opaque to stores (hashes
 *     of a set-up handle and of an enrollment ticket, the ticket's expiry and issuer): 1 to
 *     {@value #MAX_BINDING_LENGTH} printable ASCII characters, or empty (nothing bound; every record written before
 *     bindings existed)
 * @param budgetRestoredAt when the account's wrong-guess budget is whole again: each counted wrong code moves it
 *     later, successes never move it back (see {@code ThrottlingPolicy}); empty while the budget is whole and for
 *     records written before budgets existed
 * @param version the compare-and-set version, 1 or more (see {@link EnrollmentStore})
 */
public record EnrollmentRecord(
        String accountId,
        String label,
        SealedSecret secret,
        TotpParameters parameters,
        EnrollmentState state,
        Instant createdAt,
        Optional<Instant> confirmedAt,
        long lastAcceptedStep,
        int consecutiveFailures,
        Optional<Instant> lockedUntil,
        List<RecoveryCodeHash> recoveryCodes,
        int flags,
        Optional<String> binding,
        Optional<Instant> budgetRestoredAt,
        long version) {

    /** The longest account id or label, in characters. */
    public static final int MAX_ACCOUNT_LENGTH = 256;
    /** The most recovery codes a record holds. */
    public static final int MAX_RECOVERY_CODES = 100;
    /** The value of {@link #lastAcceptedStep()} before any code was accepted. */
    public static final long NO_STEP = -1;
    /**
     * Flag: the secret is a legacy one of 80 to 127 bits (imported from another system, see
     * {@code Secret.fromBase32Legacy}): it still works, and the user should be asked to enrol again.
     */
    public static final int LEGACY_SECRET = 1;
    /** Flag: the enrollment was imported from another system, not begun and confirmed through this service. */
    public static final int IMPORTED = 1 << 1;
    /**
     * Flag: a counter-based (HOTP, RFC 4226) enrollment, e.g. a hardware token. {@link #lastAcceptedStep()} is then
     * the last accepted <em>counter</em> (-1: none; the next code expected is its counter plus one), and of
     * {@link #parameters()} only the algorithm and the digits apply.
     */
    public static final int HOTP = 1 << 2;
    /** Every flag bit this version knows. */
    public static final int KNOWN_FLAGS = LEGACY_SECRET | IMPORTED | HOTP;
    /** The longest {@link #binding()}, in characters. */
    public static final int MAX_BINDING_LENGTH = 1024;

    /**
     * Validates, truncates instants to milliseconds, and copies the recovery code list.
     *
     * @param accountId the host's id of the account: 1 to 256 characters, not blank, no leading or trailing
     *     whitespace, no control characters
     * @param label the account name shown in the authenticator app: same rules as the account id, and no
     *     {@code ':'}
     * @param secret the TOTP secret, sealed (or explicitly unsealed)
     * @param parameters algorithm, digits, period and epoch of the TOTP codes
     * @param state pending or active
     * @param createdAt when the enrollment was begun; truncated to milliseconds
     * @param confirmedAt when it was confirmed: present exactly when the state is active; truncated to milliseconds
     * @param lastAcceptedStep the last accepted time step, or -1 ({@link #NO_STEP}) if none
     * @param consecutiveFailures counted wrong codes in a row since the last success, 0 or more
     * @param lockedUntil until when codes are not checked, if a lockout was imposed; truncated to milliseconds
     * @param recoveryCodes the hashed recovery codes in the order they were issued: empty while pending, at most
     *     100; copied
     * @param flags bits of {@link #KNOWN_FLAGS}: {@link #LEGACY_SECRET}, {@link #IMPORTED}, {@link #HOTP}
     * @param binding the service's set-up binding: 1 to {@value #MAX_BINDING_LENGTH} printable ASCII characters
     *     ({@code '!'} to {@code '~'}), or empty
     * @param budgetRestoredAt when the wrong-guess budget is whole again, or empty; truncated to milliseconds
     * @param version the compare-and-set version, 1 or more
     * @throws NullPointerException if a reference argument (or a list element) is null
     * @throws InvalidAccountException if the account id or label breaks its rules
     * @throws IllegalArgumentException if {@code lastAcceptedStep} is below -1, {@code consecutiveFailures} is
     *     negative, {@code version} is below 1, there are more than 100 recovery codes, {@code confirmedAt} is
     *     present for a pending or missing for an active enrollment, a pending enrollment has recovery codes,
     *     {@code flags} has a bit outside {@link #KNOWN_FLAGS}, or {@code binding} is empty text, too long or has
     *     a character outside printable ASCII
     */
    public EnrollmentRecord {
        Accounts.checkAccountId(accountId);
        Accounts.checkLabel(label);
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(state, "state");
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
        confirmedAt = Objects.requireNonNull(confirmedAt, "confirmedAt").map(i -> i.truncatedTo(ChronoUnit.MILLIS));
        lockedUntil = Objects.requireNonNull(lockedUntil, "lockedUntil").map(i -> i.truncatedTo(ChronoUnit.MILLIS));
        recoveryCodes = List.copyOf(Objects.requireNonNull(recoveryCodes, "recoveryCodes"));
        Objects.requireNonNull(binding, "binding").ifPresent(EnrollmentRecord::checkBinding);
        budgetRestoredAt = Objects.requireNonNull(budgetRestoredAt, "budgetRestoredAt")
                .map(i -> i.truncatedTo(ChronoUnit.MILLIS));
        if (lastAcceptedStep < NO_STEP) {
            throw new IllegalArgumentException("lastAcceptedStep must be -1 (none) or a time step >= 0, got "
                    + lastAcceptedStep);
        }
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("consecutiveFailures must be 0 or more, got " + consecutiveFailures);
        }
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException("flags has bits this version does not know: 0x"
                    + Integer.toHexString(flags & ~KNOWN_FLAGS) + " (known: 0x" + Integer.toHexString(KNOWN_FLAGS)
                    + "); was the record written by a newer version of Kairos?");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, got " + version);
        }
        if (recoveryCodes.size() > MAX_RECOVERY_CODES) {
            throw new IllegalArgumentException("at most " + MAX_RECOVERY_CODES + " recovery codes, got "
                    + recoveryCodes.size());
        }
        if (state == EnrollmentState.ACTIVE && confirmedAt.isEmpty()) {
            throw new IllegalArgumentException("an ACTIVE enrollment must have confirmedAt");
        }
        if (state == EnrollmentState.PENDING && (confirmedAt.isPresent() || !recoveryCodes.isEmpty())) {
            throw new IllegalArgumentException("a PENDING enrollment has no confirmedAt and no recovery codes");
        }
    }

    /**
     * Creates a record without a binding and with a whole wrong-guess budget, as every record was before those
     * fields existed. Validates as the canonical constructor does.
     *
     * @param accountId the host's id of the account
     * @param label the account name shown in the authenticator app
     * @param secret the TOTP secret
     * @param parameters algorithm, digits, period and epoch
     * @param state pending or active
     * @param createdAt when the enrollment was begun
     * @param confirmedAt when it was confirmed
     * @param lastAcceptedStep the last accepted time step, or -1
     * @param consecutiveFailures wrong codes in a row
     * @param lockedUntil until when codes are not checked
     * @param recoveryCodes the hashed recovery codes
     * @param flags bits of {@link #KNOWN_FLAGS}
     * @param version the compare-and-set version, 1 or more
     * @throws IllegalArgumentException as the canonical constructor
     */
    public EnrollmentRecord(String accountId, String label, SealedSecret secret, TotpParameters parameters,
            EnrollmentState state, Instant createdAt, Optional<Instant> confirmedAt, long lastAcceptedStep,
            int consecutiveFailures, Optional<Instant> lockedUntil, List<RecoveryCodeHash> recoveryCodes,
            int flags, long version) {
        this(accountId, label, secret, parameters, state, createdAt, confirmedAt, lastAcceptedStep,
                consecutiveFailures, lockedUntil, recoveryCodes, flags, Optional.empty(), Optional.empty(), version);
    }

    /**
     * Creates a record without flags (0): an enrollment begun and confirmed here, as every record was before
     * flags existed. Validates as the canonical constructor does.
     *
     * @param accountId the host's id of the account
     * @param label the account name shown in the authenticator app
     * @param secret the TOTP secret
     * @param parameters algorithm, digits, period and epoch
     * @param state pending or active
     * @param createdAt when the enrollment was begun
     * @param confirmedAt when it was confirmed
     * @param lastAcceptedStep the last accepted time step, or -1
     * @param consecutiveFailures wrong codes in a row
     * @param lockedUntil until when codes are not checked
     * @param recoveryCodes the hashed recovery codes
     * @param version the compare-and-set version, 1 or more
     * @throws IllegalArgumentException as the canonical constructor
     */
    public EnrollmentRecord(String accountId, String label, SealedSecret secret, TotpParameters parameters,
            EnrollmentState state, Instant createdAt, Optional<Instant> confirmedAt, long lastAcceptedStep,
            int consecutiveFailures, Optional<Instant> lockedUntil, List<RecoveryCodeHash> recoveryCodes,
            long version) {
        this(accountId, label, secret, parameters, state, createdAt, confirmedAt, lastAcceptedStep,
                consecutiveFailures, lockedUntil, recoveryCodes, 0, Optional.empty(), Optional.empty(), version);
    }

    /**
     * Tells whether a flag is set.
     *
     * @param flag one of {@link #LEGACY_SECRET}, {@link #IMPORTED}, {@link #HOTP}
     * @return true if every bit of {@code flag} is set in {@link #flags()}
     */
    public boolean hasFlag(int flag) {
        return (flags & flag) == flag;
    }

    /**
     * Checks an account id against the rules every record and every service operation apply: 1 to 256 characters,
     * not blank, no leading or trailing whitespace, no control character. Ids are compared exactly (no case
     * folding, no normalisation), so a store implementer can validate before a query.
     *
     * @param accountId the id to check
     * @return the same id
     * @throws InvalidAccountException if it is null or breaks a rule (the message names the rule)
     */
    public static String checkAccountId(String accountId) {
        return Accounts.checkAccountId(accountId);
    }

    /**
     * Checks an account label (the name an authenticator app shows): the account id's rules, and no {@code ':'}.
     *
     * @param label the label to check
     * @return the same label
     * @throws InvalidAccountException if it is null or breaks a rule (the message names the rule)
     */
    public static String checkLabel(String label) {
        return Accounts.checkLabel(label);
    }

    /**
     * Returns a copy with another version, for instance the next one before a {@code replaceIfVersion}.
     *
     * @param newVersion the version, 1 or more
     * @return the copy
     * @throws IllegalArgumentException if {@code newVersion} is below 1
     */
    public EnrollmentRecord withVersion(long newVersion) {
        return new EnrollmentRecord(accountId, label, secret, parameters, state, createdAt, confirmedAt,
                lastAcceptedStep, consecutiveFailures, lockedUntil, recoveryCodes, flags, binding, budgetRestoredAt,
                newVersion);
    }

    /**
     * Returns the part of this record that a sign-in changes.
     *
     * @return last accepted step, failures, lockout, guess budget and version
     */
    public SignInState signInState() {
        return new SignInState(lastAcceptedStep, consecutiveFailures, lockedUntil, budgetRestoredAt, version);
    }

    /**
     * Returns a copy with another sign-in state: every other field kept, these five replaced.
     *
     * @param state the last accepted step, failures, lockout, guess budget and version of the copy
     * @return the copy
     * @throws NullPointerException if {@code state} is null
     */
    public EnrollmentRecord withSignInState(SignInState state) {
        return new EnrollmentRecord(accountId, label, secret, parameters, this.state, createdAt, confirmedAt,
                state.lastAcceptedStep(), state.consecutiveFailures(), state.lockedUntil(), recoveryCodes, flags,
                binding, state.budgetRestoredAt(), state.version());
    }

    private static void checkBinding(String binding) {
        if (binding.isEmpty() || binding.length() > MAX_BINDING_LENGTH) {
            throw new IllegalArgumentException("binding must be 1 to " + MAX_BINDING_LENGTH + " characters, got "
                    + binding.length() + " (an absent binding is Optional.empty())");
        }
        for (int i = 0; i < binding.length(); i++) {
            char c = binding.charAt(i);
            if (c < '!' || c > '~') {
                throw new IllegalArgumentException("binding must be printable ASCII ('!' to '~'); position "
                        + (i + 1) + " is not");
            }
        }
    }

    /**
     * Counts the recovery codes not used yet.
     *
     * @return the number of unused recovery codes
     */
    public int unusedRecoveryCodes() {
        int n = 0;
        for (RecoveryCodeHash h : recoveryCodes) {
            if (!h.used()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Describes the record without the sealed secret and the recovery code hashes.
     *
     * @return e.g. {@code "EnrollmentRecord[accountId=alice, state=ACTIVE, version=7, ...]"}
     */
    @Override
    public String toString() {
        return "EnrollmentRecord[accountId=" + accountId + ", label=" + label + ", secret=" + secret
                + ", parameters=" + parameters + ", state=" + state + ", createdAt=" + createdAt
                + ", confirmedAt=" + confirmedAt.map(Instant::toString).orElse("-")
                + ", lastAcceptedStep=" + lastAcceptedStep + ", consecutiveFailures=" + consecutiveFailures
                + ", lockedUntil=" + lockedUntil.map(Instant::toString).orElse("-")
                + ", recoveryCodes=" + unusedRecoveryCodes() + "/" + recoveryCodes.size() + " unused"
                + ", flags=" + flags + ", binding=" + (binding.isPresent() ? "present" : "-")
                + ", budgetRestoredAt=" + budgetRestoredAt.map(Instant::toString).orElse("-")
                + ", version=" + version + "]";
    }
}
