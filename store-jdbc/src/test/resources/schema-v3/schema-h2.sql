-- kairos-store-jdbc schema version 3, H2 2.x.
--
-- One row per account holds its whole EnrollmentRecord, recovery codes included, so that every write of
-- JdbcEnrollmentStore is one statement on one row: atomic by itself, and the compare-and-set on "version" is the
-- database's row lock (UPDATE ... WHERE account_id = ? AND version = ?).
--
-- Table names: JdbcEnrollmentStore.builder(ds).tablePrefix("app1_") prefixes both tables ("app1_kairos_enrollment");
-- createSchemaIfMissing() applies this script with the names replaced. Unqualified names resolve in the
-- connection's current schema.
--
-- No CHECK constraints: EnrollmentRecord validates every value before it reaches SQL (and the PostgreSQL script
-- has none either, where a violated CHECK echoes the whole failing row in its error detail).
--
-- Upgrades: kairos_schema_version holds one row per applied schema version. A later release that changes the
-- schema ships migrate-<dialect>-<from>-to-<to>.sql next to this file, applies it in createSchemaIfMissing() (in
-- one transaction, inserting its row), and refuses a database whose highest version is newer than it knows.
-- Teams that run migrations themselves (Flyway, Liquibase) copy these files instead.
--
-- Version 2 added the column "flags" (EnrollmentRecord.flags(): legacy secret, imported). A database made by
-- version 1 is upgraded by migrate-h2-1-to-2.sql (ALTER TABLE ... ADD COLUMN flags ... DEFAULT 0: existing rows
-- are ordinary enrollments), which createSchemaIfMissing() applies; teams that run migrations themselves apply it
-- before they deploy this version.
--
-- Version 3 added the columns "binding" and "budget_restored_at" (EnrollmentRecord.binding(), budgetRestoredAt()):
-- migrate-h2-2-to-3.sql adds them as NULL columns (nothing bound, budget whole).

CREATE TABLE IF NOT EXISTS kairos_schema_version (
    version     INTEGER      NOT NULL PRIMARY KEY,   -- schema version applied (1 = this script)
    description VARCHAR(200) NOT NULL,               -- what it changed
    applied_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL -- when it was applied
);

CREATE TABLE IF NOT EXISTS kairos_enrollment (
    -- EnrollmentRecord.accountId(): the key, compared exactly (case, accents, whitespace), which is how H2
    -- compares strings unless the database was opened with IGNORECASE=TRUE or a SET COLLATION (don't).
    account_id           VARCHAR(256)  NOT NULL PRIMARY KEY,
    -- label(): the account name shown in the authenticator app, e.g. an e-mail address.
    label                VARCHAR(256)  NOT NULL,
    -- secret().keyId(): id of the KeyRing key that sealed the secret; '' (never NULL) when stored unsealed.
    secret_key_id        VARCHAR(64)   NOT NULL,
    -- secret().blob(): format byte, then the AES-GCM sealed secret (or the raw key when unsealed), 2 to 1024 bytes.
    secret_blob          VARBINARY(1024) NOT NULL,
    -- parameters().algorithm().name(): SHA1, SHA256 or SHA512.
    algorithm            VARCHAR(16)   NOT NULL,
    -- parameters().digits(): code length, 6 to 10.
    digits               INTEGER       NOT NULL,
    -- parameters().periodSeconds(): the time step X, 1 to 86400 seconds.
    period_seconds       BIGINT        NOT NULL,
    -- parameters().epoch(): T0 in Unix seconds.
    epoch_seconds        BIGINT        NOT NULL,
    -- state().name(): PENDING or ACTIVE.
    state                VARCHAR(16)   NOT NULL,
    -- createdAt(): when the enrollment was begun, millisecond precision.
    created_at           TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    -- confirmedAt(): when it was confirmed; NULL while pending.
    confirmed_at         TIMESTAMP(3) WITH TIME ZONE NULL,
    -- lastAcceptedStep(): the replay guard (RFC 6238 section 5.2), the last accepted time step; -1 = none yet.
    last_accepted_step   BIGINT        NOT NULL,
    -- consecutiveFailures(): wrong codes in a row since the last success (throttling).
    consecutive_failures INTEGER       NOT NULL,
    -- lockedUntil(): no code is checked before this instant; NULL = not locked.
    locked_until         TIMESTAMP(3) WITH TIME ZONE NULL,
    -- recoveryCodes(), in issue order: one token per code, separated by a single space; a token is 'U' (used) or
    -- 'A' (available) followed by RecoveryCodeHash.encoded() (printable ASCII without spaces, at most 200
    -- characters); '' when there are none. At most 100 codes: 100 * 201 + 99 = 20199 characters.
    recovery_codes       VARCHAR(20200) NOT NULL,
    -- flags(): what kind of enrollment, as bits: 1 = legacy secret of 80 to 127 bits (re-enrol), 2 = imported from
    -- another system, 4 = HOTP (last_accepted_step is then the last accepted counter); 0 = a TOTP enrollment begun
    -- and confirmed here. Schema version 2.
    flags                INTEGER       NOT NULL DEFAULT 0,
    -- binding(): the service's set-up binding (hashes of a set-up handle and an enrollment ticket, the ticket's expiry
    -- and issuer), printable ASCII, opaque to the store; NULL = nothing bound. Schema version 3.
    binding              VARCHAR(1024) NULL,
    -- budgetRestoredAt(): when the account's wrong-guess budget is whole again; NULL = whole. Schema version 3.
    budget_restored_at   TIMESTAMP(3) WITH TIME ZONE NULL,
    -- version(): the compare-and-set version; every UPDATE and DELETE names the version it expects.
    version              BIGINT        NOT NULL
);

-- A new database starts at version 3; one that already has a version row is upgraded by the migration scripts.
INSERT INTO kairos_schema_version (version, description, applied_at)
    SELECT 3, 'kairos_enrollment: one row per account, recovery codes encoded in one column, flags, binding, budget', CURRENT_TIMESTAMP
    WHERE NOT EXISTS (SELECT 1 FROM kairos_schema_version);
