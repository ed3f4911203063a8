package dev.kairos.mfa;

import dev.kairos.core.OtpAuthUri;
import dev.kairos.core.Secret;
import dev.kairos.core.SkewWindow;
import dev.kairos.core.TotpParameters;
import dev.kairos.core.TotpVerifier;
import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.EnrollmentStore;
import dev.kairos.store.InvalidAccountException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The MFA enrollment lifecycle on an {@link EnrollmentStore}: begin → confirm → verify at every sign-in →
 * recover with a recovery code → regenerate recovery codes → disable.
 *
 * <pre>{@code
 * Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").sealWith(keyRing).build();
 * BeginResult b = mfa.begin("alice", "alice@acme.test");
 * PendingEnrollment p = b.pending().orElseThrow();               // show p.manualEntryKey() and the QR code;
 *                                                                // keep p.handle() in the session that began it
 * Confirmation c = mfa.confirm("alice", p.handle(), "123456");   // c.recoveryCodes(): show them once
 * LoginCheck r = mfa.verify("alice", "654321");                  // at every sign-in, after the password
 * }</pre>
 *
 * <p><b>A facade.</b> Each operation is one package-private class (begin, confirm, sign-in, recover, disable,
 * regenerate, import, tickets, administration, queries) deciding on one read for {@link Updates#run}; the steps
 * they share (lockout, counting a wrong code, the guess budget, events) are written once. This class holds the
 * documented contract and delegates.
 * <p><b>One compare-and-set per change</b>: each code is accepted once on all servers (see the package description).
 *
 * <p><b>Account ids are compared exactly</b> ({@code "Alice@X"} and {@code "alice@x"} are two accounts): pass your
 * user store's key (a database id is best), or e-mail addresses through {@link #canonicalAccountId} at every call.
 *
 * <p><b>Errors.</b> An invalid account id is an {@link InvalidAccountException}. A code is never an exception:
 * malformed, wrong, replayed and locked-out codes are {@link Outcome}s. A stored secret that cannot be opened is a
 * {@link SealedSecretException}. Nothing is written when an operation throws. Immutable and thread-safe.
 */
public final class Enrollments {

    private final Settings settings;
    private final Begin begin;
    private final Confirm confirm;
    private final SignIn signIn;
    private final Recover recover;
    private final Disable disable;
    private final Regenerate regenerate;
    private final Import imports;
    private final Tickets tickets;
    private final Administration administration;
    private final Queries queries;

    private Enrollments(Settings settings, Optional<String> origin) {
        this.settings = settings;
        Steps steps = new Steps(settings, origin);
        Possession possession = new Possession(steps);
        this.begin = new Begin(steps);
        this.confirm = new Confirm(steps);
        this.signIn = new SignIn(steps);
        this.recover = new Recover(steps);
        this.disable = new Disable(steps, possession);
        this.regenerate = new Regenerate(steps, possession);
        this.imports = new Import(steps);
        this.tickets = new Tickets(steps);
        this.administration = new Administration(steps);
        this.queries = new Queries(steps);
    }

    /**
     * Starts a builder. Choosing {@link Builder#issuer(String)} and either {@link Builder#sealWith(KeyRing)} or
     * {@link Builder#unsealed()} is required.
     *
     * @param store where enrollments are kept
     * @return a new builder
     * @throws NullPointerException if {@code store} is null
     */
    public static Builder builder(EnrollmentStore store) {
        return new Builder(store);
    }

    /**
     * Returns a view of this service whose events carry the request's origin, for an audit trail without
     * thread-local tricks: {@code mfa.withOrigin(request.getRemoteAddr()).verify(id, code)}. The view shares
     * everything else (store, keys, audit limits) and is as cheap as one small object.
     *
     * @param origin where the request came from, e.g. a client address: 1 to 256 characters, no control character
     * @return the view
     * @throws InvalidAccountException if {@code origin} is null, blank, too long or has a control character
     */
    public Enrollments withOrigin(String origin) {
        return new Enrollments(settings, Optional.of(Labels.checkOrigin(origin)));
    }

    /**
     * Canonicalises an e-mail-like account id, for hosts whose ids are addresses as users type them: Unicode NFC,
     * leading and trailing white space removed, case folded with {@link Locale#ROOT} (never the JVM's default
     * locale: a Turkish default would map {@code "I"} to a dotless {@code "ı"}). {@code "Alice@X "} and
     * {@code "alice@x"} give the same id. Use it at every call or at none: ids are compared exactly.
     *
     * @param typed the id as typed
     * @return the canonical id
     * @throws NullPointerException if {@code typed} is null
     */
    public static String canonicalAccountId(String typed) {
        Objects.requireNonNull(typed, "typed");
        return Normalizer.normalize(typed, Normalizer.Form.NFC).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Begins a set-up: creates a new 160-bit secret, stores it as pending with the hash of a new handle, and returns
     * both. The set-up belongs to whoever holds the handle: while it is in progress (within the pending lifetime,
     * default 30 minutes) another {@code begin} for the account is refused with {@link BeginResult.InProgress} and
     * changes nothing; its holder can re-show it ({@link #pending}) or start over ({@link #restart}). After it
     * expired, a new {@code begin} replaces it (the failure count, lockout and spent guess budget are kept). For an
     * account the host marks with {@link Builder#requireTicket}, this is {@link BeginResult.TicketRequired}: use
     * {@link #begin(String, String, CharSequence)}.
     *
     * @param accountId the host's account id
     * @param label the account name shown in the app, e.g. the user's e-mail address (no {@code ':'})
     * @return {@link BeginResult.Begun} with the pending enrollment (key, URI, handle) to show, or why not
     * @throws InvalidAccountException if the account id or label is null, blank, over 256 characters, has white
     *     space at either end, a control character, a lone surrogate, or (the label) a {@code ':'}
     * @throws EnrollmentConflictException if the account has active MFA (disable or reset it first; not
     *     retryable), or other requests kept changing the record (retryable)
     */
    public BeginResult begin(String accountId, String label) {
        return begin.begin(accountId, label, Optional.empty());
    }

    /**
     * Begins a set-up with an enrollment ticket ({@link #issueTicket}), as {@link #begin(String, String)} does, and
     * spends the ticket: of two uses at once exactly one wins. Required for accounts the host marks with
     * {@link Builder#requireTicket}; accepted for any account a ticket waits for.
     *
     * @param accountId the host's account id
     * @param label the account name shown in the app (no {@code ':'})
     * @param ticket the ticket as typed: case, spaces and {@code '-'} do not matter
     * @return {@link BeginResult.Begun}, or {@link BeginResult.TicketRefused} (wrong, expired, used, another
     *     account's, or malformed; not counted), or {@link BeginResult.InProgress}
     * @throws NullPointerException if {@code ticket} is null
     * @throws InvalidAccountException if the account id or label is invalid
     * @throws EnrollmentConflictException as {@link #begin(String, String)}
     */
    public BeginResult begin(String accountId, String label, CharSequence ticket) {
        return begin.begin(accountId, label, Optional.of(Objects.requireNonNull(ticket, "ticket")));
    }

    /**
     * Starts a set-up over for the holder of its handle ("start over" on the set-up page): a new secret and a new
     * handle replace the pending ones, and the old handle goes stale. Only while the set-up is in progress.
     *
     * @param accountId the host's account id
     * @param handle the handle of the set-up in progress
     * @return {@link BeginResult.Begun} with the new set-up, or {@link Outcome.StaleHandle} (not this account's
     *     set-up in progress: nothing written)
     * @throws InvalidAccountException if the account id is invalid
     * @throws EnrollmentConflictException if other requests kept changing the record
     */
    public BeginResult restart(String accountId, String handle) {
        return begin.restart(accountId, handle);
    }

    /**
     * Returns the set-up in progress again, for the holder of its handle: a page reload shows the same QR code, and
     * no secret is created. Nothing is written.
     *
     * @param accountId the host's account id
     * @param handle the handle {@link #begin} returned
     * @return the same pending enrollment (same secret, expiry and handle), or empty if the handle does not name
     *     the account's set-up in progress (expired, started over, confirmed, another account's, null)
     * @throws InvalidAccountException if the account id is invalid
     * @throws SealedSecretException if the stored secret cannot be opened
     */
    public Optional<PendingEnrollment> pending(String accountId, String handle) {
        return begin.pending(accountId, handle);
    }

    /**
     * Issues a single-use enrollment ticket for an account, for an administrator or a provisioning job to send to
     * the user out of band. It is shown once (only its hash is stored) and replaces a set-up in progress or an
     * earlier ticket of the account. Audited as {@link EnrollmentEvent.Type#TICKET_ISSUED} with the administrator
     * as actor; the {@code BEGUN} event of its use names the issuer.
     *
     * @param accountId the host's account id
     * @param adminId who issues it (same rules as an account id)
     * @param validity how long it can be used: 1 minute to 30 days
     * @return the ticket to send
     * @throws InvalidAccountException if the account id or administrator id is invalid
     * @throws NullPointerException if {@code validity} is null
     * @throws IllegalArgumentException if {@code validity} is out of range
     * @throws EnrollmentConflictException if the account has active MFA (not retryable), or on races (retryable)
     */
    public EnrollmentTicket issueTicket(String accountId, String adminId, Duration validity) {
        return tickets.issue(accountId, adminId, validity);
    }

    /**
     * Confirms the set-up a handle names with a code from the user's app: MFA becomes active and recovery codes are
     * issued. The code's time step is recorded, so the same code cannot then be used to sign in. A handle that does
     * not name the account's set-up in progress (started over, another account's, forged, null) is
     * {@link Outcome.StaleHandle}: not counted, nothing written.
     *
     * @param accountId the host's account id
     * @param handle the handle {@link #begin} returned to this session
     * @param code the code as typed; input that cannot be a code is {@link Outcome.Malformed} (no store access)
     * @return {@link Confirmation.Confirmed} with the recovery codes to show once, or why not
     * @throws InvalidAccountException if the account id is invalid
     * @throws SealedSecretException if the stored secret cannot be opened (nothing is changed)
     * @throws EnrollmentConflictException if other requests kept changing the record
     */
    public Confirmation confirm(String accountId, String handle, CharSequence code) {
        return confirm.confirm(accountId, handle, code);
    }

    /**
     * Checks a code at sign-in (the act events call {@code "sign-in"}). A right code is accepted only if its time
     * step is later than every step accepted before for the account (RFC 6238 §5.2), and the step is recorded in
     * the same compare-and-set. Wrong codes are counted, lock TOTP codes out for a growing time and spend the
     * account's daily guess budget, which no success refills ({@link ThrottlingPolicy}).
     *
     * @param accountId the host's account id
     * @param code the code the user typed; input that cannot be a code (null included) is
     *     {@link Outcome.Malformed}, with no store access and no HMAC
     * @return accepted (with drift), wrong code, malformed, replayed, locked out, or not enrolled (which is not
     *     "passed": see {@link #signInStep})
     * @throws InvalidAccountException if the account id is invalid
     * @throws SealedSecretException if the stored secret cannot be opened (nothing is changed)
     * @throws EnrollmentConflictException if other requests kept changing the record
     */
    public LoginCheck verify(String accountId, CharSequence code) {
        return signIn.verify(accountId, code);
    }

    /**
     * Signs in with a recovery code instead of a TOTP code (a lost phone). Each recovery code is accepted once. A
     * success clears the TOTP failure count and the ramp's lockout (the hard-cap one included; not the spent guess
     * budget) and raises a {@link EnrollmentEvent.Type#RECOVERY_SIGN_IN} event: tell the user, with the number of
     * codes left ({@link EnrollmentEvent.Type#RECOVERY_CODES_LOW} when few are). Codes issued here are checked even
     * while TOTP codes are locked out, and a wrong one is not counted: with 79 bits, the real user's way in cannot be
     * closed by an attacker who knows the password (imported codes share the TOTP throttle and budget). One
     * derivation per attempt.
     *
     * @param accountId the host's account id
     * @param recoveryCode the code as typed: case, spaces and {@code '-'} do not matter
     * @return {@link RecoveryResult.Recovered} with the codes left, or why not ({@link Outcome.WrongCode} with the
     *     account's counted failures as they stand)
     * @throws InvalidAccountException if the account id is invalid
     * @throws SealedSecretException if the secret must be re-sealed (it was sealed with a retired key) and cannot
     *     be opened
     * @throws EnrollmentConflictException if other requests kept changing the record
     */
    public RecoveryResult recover(String accountId, CharSequence recoveryCode) {
        return recover.recover(accountId, recoveryCode);
    }

    /**
     * Disables MFA for an account whose user proves possession with a TOTP code (accepted once, refused during a
     * lockout) or an unused recovery code (checked even during a lockout; an imported one is throttled like a TOTP
     * code). The enrollment is deleted; the account can enroll again.
     *
     * @param accountId the host's account id
     * @param codeOrRecoveryCode a TOTP code or a recovery code, as typed
     * @return {@link DisableResult.Disabled}, or why not
     * @throws InvalidAccountException if the account id is invalid
     * @throws SealedSecretException if a TOTP code was given and the stored secret cannot be opened
     * @throws EnrollmentConflictException if other requests kept changing the record
     */
    public DisableResult disable(String accountId, CharSequence codeOrRecoveryCode) {
        return disable.disable(accountId, codeOrRecoveryCode);
    }

    /**
     * Replaces the account's whole set of recovery codes with a new one, shown once, for a user who proves
     * possession as for {@link #disable}: a current TOTP code (accepted once, recorded by the replay guard, refused
     * during a lockout, counted when wrong) or an unused recovery code (checked even during a lockout, so a user
     * whom an attacker keeps locked out of TOTP can still renew codes). Every old code stops working, in the same
     * compare-and-set: of two regenerations at once exactly one set survives. Audited as
     * {@link EnrollmentEvent.Type#RECOVERY_CODES_REGENERATED}.
     *
     * @param accountId the host's account id
     * @param codeOrRecoveryCode a TOTP code or a recovery code, as typed
     * @return {@link RegenerationResult.Regenerated} with the new codes, or why not
     * @throws InvalidAccountException if the account id is invalid
     * @throws SealedSecretException if a TOTP code was given and the stored secret cannot be opened
     * @throws EnrollmentConflictException if other requests kept changing the record
     */
    public RegenerationResult regenerateRecoveryCodes(String accountId, CharSequence codeOrRecoveryCode) {
        return regenerate.regenerate(accountId, codeOrRecoveryCode);
    }

    /**
     * Counts the account's unused recovery codes, e.g. to warn after a recovery sign-in.
     *
     * @param accountId the host's account id
     * @return the number left, or empty if the account has no active MFA
     * @throws InvalidAccountException if the account id is invalid
     */
    public OptionalInt remainingRecoveryCodes(String accountId) {
        return queries.remainingRecoveryCodes(accountId);
    }

    /**
     * Removes an account's enrollment, pending or active, without proof: for support staff who verified the user
     * another way. Audited as {@link EnrollmentEvent.Type#RESET} with the administrator as actor.
     *
     * @param accountId the host's account id
     * @param adminId the acting administrator's id (same rules as an account id)
     * @return true if an enrollment was removed; false if there was none
     * @throws InvalidAccountException if the account id or administrator id is invalid
     * @throws EnrollmentConflictException if other requests kept changing the record
     */
    public boolean reset(String accountId, String adminId) {
        return administration.reset(accountId, adminId);
    }

    /**
     * Clears an account's failure count, lockout (the hard-cap one included) and spent guess budget without proof:
     * for support staff.
     * Audited as {@link EnrollmentEvent.Type#UNLOCKED} with the administrator as actor.
     *
     * @param accountId the host's account id
     * @param adminId the acting administrator's id (same rules as an account id)
     * @return true if the account has an enrollment (now unlocked); false if it has none
     * @throws InvalidAccountException if the account id or administrator id is invalid
     * @throws SealedSecretException if the secret must be re-sealed and cannot be opened
     * @throws EnrollmentConflictException if other requests kept changing the record
     */
    public boolean unlock(String accountId, String adminId) {
        return administration.unlock(accountId, adminId);
    }

    /**
     * Key rotation, one batch at a time: seals the given accounts' secrets again with the key ring's primary key
     * where a retired key sealed them (every write does this too; this moves records nobody signs in to), audited
     * as {@link EnrollmentEvent.Type#RESEALED}, then reports how many of their records each key id seals. Page through
     * your own user table (Kairos stores have no listing) until the report shows only the primary key for every
     * batch; then the retired key can be dropped from the ring.
     *
     * @param accountIds a batch of account ids (say 1,000); ids without a record are skipped
     * @return key id → number of the batch's records it seals after this pass ({@code "(unsealed)"} for unsealed
     *     ones), sorted by key id
     * @throws NullPointerException if {@code accountIds} is null
     * @throws InvalidAccountException if an id is invalid (records before it were already re-sealed)
     * @throws SealedSecretException if a secret cannot be opened
     */
    public SortedMap<String, Integer> resealBatch(Collection<String> accountIds) {
        return administration.keyUsage(Objects.requireNonNull(accountIds, "accountIds"), true);
    }

    /**
     * Imports an enrollment from another system ({@code docs/migrating.md}), active at once: users notice nothing.
     * A wrong imported recovery code counts as a wrong TOTP code, budget included (low entropy). Event
     * {@code IMPORTED}.
     *
     * @param accountId the host's account id
     * @param label the account name shown in the app (no {@code ':'})
     * @param secret the existing secret; one under 128 bits ({@code Secret.fromBase32Legacy}) is flagged legacy
     * @param parameters the existing algorithm, digits and period; the epoch must be the Unix epoch
     * @param lastUsedTimeStep the last step the old system accepted (RFC 6238 §5.2), or empty if it kept none
     * @param existingRecoveryCodes the old system's unused scratch codes: at most 100, of 6 to 32 letters and digits
     * @param replaceExisting whether to overwrite the account's existing enrollment, pending or active
     * @return true if an existing enrollment was replaced
     * @throws InvalidAccountException if the account id or label is invalid (NullPointerException for another null)
     * @throws IllegalArgumentException if the epoch is not 0, the step is negative, or a recovery code is refused
     * @throws EnrollmentConflictException if one exists and not {@code replaceExisting} (not retryable), or on races
     */
    public boolean importEnrollment(String accountId, String label, Secret secret, TotpParameters parameters,
            OptionalLong lastUsedTimeStep, List<String> existingRecoveryCodes, boolean replaceExisting) {
        return imports.importEnrollment(accountId, label, secret, parameters, lastUsedTimeStep,
                existingRecoveryCodes, replaceExisting, false);
    }

    /**
     * Imports what a URI describes, as the other {@code importEnrollment}: TOTP (no last step), or HOTP (a hardware
     * token) whose next code is the URI's {@code counter}, accepted 10 counters ahead, once, throttled like TOTP.
     *
     * @param accountId the host's account id; the label is the URI's account
     * @param uri e.g. from {@code RepairedOtpAuthUri.parse(text).uri()}
     * @param existingRecoveryCodes as for the other method
     * @param replaceExisting as for the other method
     * @return true if an existing enrollment was replaced; throws as the other {@code importEnrollment}
     */
    public boolean importEnrollment(String accountId, OtpAuthUri uri, List<String> existingRecoveryCodes,
            boolean replaceExisting) {
        return imports.importEnrollment(accountId, uri, existingRecoveryCodes, replaceExisting);
    }

    /**
     * Tells whether an account's enrollment uses a legacy secret (under 128 bits): ask the user to enrol again.
     *
     * @param accountId the host's account id
     * @return true if the account has an enrollment with a legacy secret
     * @throws InvalidAccountException if the account id is invalid
     */
    public boolean usesLegacySecret(String accountId) {
        return queries.usesLegacySecret(accountId);
    }

    /**
     * Tells whether an account uses MFA.
     *
     * @param accountId the host's account id
     * @return {@code ACTIVE}, {@code PENDING} (begun, within its lifetime) or {@code NOT_ENROLLED}
     * @throws InvalidAccountException if the account id is invalid
     */
    public EnrollmentStatus status(String accountId) {
        return queries.status(accountId);
    }

    /**
     * What the sign-in needs after the password, in one call. When the host's policy requires MFA for this
     * account, an account without active MFA must set it up before it is let in: {@code NOT_ENROLLED} never
     * means "passed".
     *
     * @param accountId the host's account id
     * @param mfaRequired whether the host's policy requires MFA for this account (e.g. its organisation
     *     enforces it)
     * @return {@link SignInStep#CODE} if MFA is active; {@link SignInStep#SET_UP} if it is not but is required;
     *     {@link SignInStep#NONE} if it is neither active nor required
     * @throws InvalidAccountException if the account id is invalid
     */
    public SignInStep signInStep(String accountId, boolean mfaRequired) {
        return queries.signInStep(accountId, mfaRequired);
    }

    /**
     * Tells whether TOTP codes are locked out for an account now, by the ramp, the spent guess budget or the hard cap
     * (recovery codes issued here never are).
     *
     * @param accountId the host's account id
     * @return the lockout in force, or empty
     * @throws InvalidAccountException if the account id is invalid
     */
    public Optional<Outcome.LockedOut> lockout(String accountId) {
        return queries.lockout(accountId);
    }

    /**
     * Describes the service's configuration (never a key).
     *
     * @return e.g. {@code "Enrollments[issuer=ACME Corp, sealed with KeyRing[...], ...]"}
     */
    @Override
    public String toString() {
        return "Enrollments[" + settings.describe() + "]";
    }

    /**
     * Builds {@link Enrollments}. Not thread-safe; the service it builds is.
     */
    public static final class Builder {
        private final EnrollmentStore store;
        private String issuer;
        private TotpParameters parameters = TotpParameters.defaults();
        private SkewWindow window = SkewWindow.of(1, 1);
        private Clock clock = Clock.systemUTC();
        private ThrottlingPolicy throttling = ThrottlingPolicy.defaults();
        private KeyRing keyRing;
        private boolean unsealed;
        private int recoveryCodeCount = 10;
        private Duration pendingLifetime = Duration.ofMinutes(30);
        private Consumer<EnrollmentEvent> listener = event -> { };
        private int maxAttempts = 16;
        private Predicate<String> ticketRequired = accountId -> false;

        private Builder(EnrollmentStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * Sets the issuer: the service name authenticator apps show beside the account. Required.
         *
         * @param issuer e.g. {@code "ACME Corp"}: 1 to 256 characters, no {@code ':'}, not blank, and valid in an
         *     {@code otpauth://} URI (no leading or trailing space of any kind, no control character, no lone
         *     surrogate)
         * @return this builder
         * @throws InvalidAccountException if the issuer breaks these rules
         */
        public Builder issuer(String issuer) {
            this.issuer = Labels.checkIssuer(issuer);
            return this;
        }

        /**
         * Sets the TOTP parameters of new enrollments (existing ones keep theirs).
         *
         * @param parameters default {@link TotpParameters#defaults()}: SHA1, 6 digits, 30 s, what every app
         *     supports
         * @return this builder
         * @throws NullPointerException if {@code parameters} is null
         * @throws IllegalArgumentException if the epoch is not the Unix epoch: the {@code otpauth://} format has
         *     no epoch parameter, so authenticator apps always count from 0
         */
        public Builder parameters(TotpParameters parameters) {
            this.parameters = Labels.checkEpoch(parameters);
            return this;
        }

        /**
         * Sets the skew window.
         *
         * @param window steps accepted before and after the current one; default {@code SkewWindow.of(1, 1)}
         * @return this builder
         * @throws NullPointerException if {@code window} is null
         */
        public Builder window(SkewWindow window) {
            this.window = Objects.requireNonNull(window, "window");
            return this;
        }

        /**
         * Sets the clock for time steps, lockouts and timestamps.
         *
         * @param clock default {@link Clock#systemUTC()}
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the throttling policy.
         *
         * @param throttling default {@link ThrottlingPolicy#defaults()}
         * @return this builder
         * @throws NullPointerException if {@code throttling} is null
         */
        public Builder throttling(ThrottlingPolicy throttling) {
            this.throttling = Objects.requireNonNull(throttling, "throttling");
            return this;
        }

        /**
         * Seals every secret with AES-GCM before it reaches the store, with the key ring's primary key; secrets
         * sealed with its other keys still open and are sealed again on their next write. Either this or
         * {@link #unsealed()} is required.
         *
         * @param keyRing the keys
         * @return this builder
         * @throws NullPointerException if {@code keyRing} is null
         * @throws IllegalStateException if {@link #unsealed()} was chosen
         */
        public Builder sealWith(KeyRing keyRing) {
            Objects.requireNonNull(keyRing, "keyRing");
            Labels.checkOneSealingChoice(unsealed, "unsealed()");
            this.keyRing = keyRing;
            return this;
        }

        /**
         * Stores secrets unsealed: whoever can read the store can generate every user's codes. Only for tests,
         * demos, or a store that encrypts on its own. Either this or {@link #sealWith(KeyRing)} is required.
         *
         * @return this builder
         * @throws IllegalStateException if {@link #sealWith(KeyRing)} was chosen
         */
        public Builder unsealed() {
            Labels.checkOneSealingChoice(keyRing != null, "sealWith(KeyRing)");
            this.unsealed = true;
            return this;
        }

        /**
         * Sets how many recovery codes a confirmation issues.
         *
         * @param count 8 to 100; default 10
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is out of range
         */
        public Builder recoveryCodeCount(int count) {
            this.recoveryCodeCount = Labels.checkRange("recoveryCodeCount", count, 8, EnrollmentRecord.MAX_RECOVERY_CODES);
            return this;
        }

        /**
         * Sets how long a begun enrollment can be confirmed.
         *
         * @param lifetime 1 minute to 7 days; default 30 minutes
         * @return this builder
         * @throws NullPointerException if {@code lifetime} is null
         * @throws IllegalArgumentException if {@code lifetime} is out of range
         */
        public Builder pendingLifetime(Duration lifetime) {
            this.pendingLifetime = Labels.checkPendingLifetime(lifetime);
            return this;
        }

        /**
         * Sets the listener that receives audit events.
         *
         * @param listener called once per event, on the thread of the operation, after the change was stored;
         *     what it throws is logged (its class only) and does not undo the change; default: none
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder listener(Consumer<EnrollmentEvent> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets how many times an operation retries a lost compare-and-set before it gives up with
         * {@link EnrollmentConflictException}.
         *
         * @param attempts 1 to 1000; default 16
         * @return this builder
         * @throws IllegalArgumentException if {@code attempts} is out of range
         */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = Labels.checkRange("maxAttempts", attempts, 1, 1000);
            return this;
        }

        /**
         * Marks the accounts whose first authenticator may be bound only with an enrollment ticket
         * ({@link Enrollments#issueTicket}): for them {@link Enrollments#begin(String, String)} answers
         * {@link BeginResult.TicketRequired}, so someone who only knows the password cannot bind a second factor
         * (an administrator whose password is known, accounts provisioned in bulk).
         *
         * @param accountIds tells, for an account id, whether a ticket is required; called on every {@code begin},
         *     must be thread-safe and fast; default: for none
         * @return this builder
         * @throws NullPointerException if {@code accountIds} is null
         */
        public Builder requireTicket(Predicate<String> accountIds) {
            this.ticketRequired = Objects.requireNonNull(accountIds, "accountIds");
            return this;
        }

        /**
         * Builds the service.
         *
         * @return the service
         * @throws IllegalStateException if no issuer was set, or neither {@link #sealWith(KeyRing)} nor
         *     {@link #unsealed()} was chosen
         */
        public Enrollments build() {
            Labels.checkBuildable(issuer, keyRing != null || unsealed);
            return new Enrollments(new Settings(store, issuer, parameters, clock, throttling,
                    keyRing != null ? SecretSealer.with(keyRing) : SecretSealer.unsealed(), recoveryCodeCount,
                    pendingLifetime, listener, maxAttempts,
                    TotpVerifier.builder().clock(clock).window(window).withoutReplayGuard().build(), new MalformedAudit(),
                    ticketRequired, new SignInCache(keyRing != null ? SignInCache.DEFAULT_CAPACITY : 0)), Optional.empty());
        }
    }
}
