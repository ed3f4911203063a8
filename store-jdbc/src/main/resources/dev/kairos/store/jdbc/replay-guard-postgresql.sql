-- kairos-store-jdbc replay guard (JdbcReplayGuard), PostgreSQL 12 or later.
--
-- One row per credential: the last accepted time step (RFC 6238 section 5.2) and until when it can matter. Accepting
-- a step is one statement, INSERT ... ON CONFLICT (credential_id) DO UPDATE ... WHERE last_step < EXCLUDED.last_step,
-- whose update count says whether it was accepted: of several servers accepting the same step exactly one changes the
-- row.
--
-- Table name: JdbcReplayGuard.builder(ds).tablePrefix("app1_") gives app1_kairos_replay_guard; createSchemaIfMissing()
-- applies this script with the name replaced. Rows past expires_at no longer matter (no code for their step can be
-- accepted any more); JdbcReplayGuard.purgeExpired() deletes them, e.g. from a scheduled job.

CREATE TABLE IF NOT EXISTS kairos_replay_guard (
    -- ReplayGuard.tryAccept's credentialId, compared exactly (COLLATE "C": byte-wise).
    credential_id VARCHAR(256) COLLATE "C" NOT NULL PRIMARY KEY,
    -- The last accepted time step, 0 or more.
    last_step     BIGINT       NOT NULL,
    -- When the step stops mattering: the accept's instant plus the guard's retention.
    expires_at    TIMESTAMP(3) WITH TIME ZONE NOT NULL
);

CREATE INDEX IF NOT EXISTS kairos_replay_guard_by_expiry ON kairos_replay_guard (expires_at);
