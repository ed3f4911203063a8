-- kairos-store-jdbc schema migration from version 3 to 4, H2 2.x.
--
-- Adds kairos_enrollment.generation: the version of the row's last whole-record write (StoredEnrollment.generation()).
-- A sign-in then updates only the five sign-in columns (last_accepted_step, consecutive_failures, locked_until,
-- budget_restored_at, version) and keeps it, so a server that cached the rest of the row knows it is current.
-- Existing rows were written whole: their generation is their version. Rows a version-3 library writes after the
-- migration keep a generation that no longer matches their other columns, so upgrade every server before relying on
-- the sign-in cache across servers (see docs/stores.md). JdbcEnrollmentStore.createSchemaIfMissing() applies it in
-- one transaction when the highest version is 3.

ALTER TABLE kairos_enrollment ADD COLUMN IF NOT EXISTS generation BIGINT NULL;

UPDATE kairos_enrollment SET generation = version WHERE generation IS NULL;

INSERT INTO kairos_schema_version (version, description, applied_at)
    SELECT 4, 'kairos_enrollment.generation: sign-ins write only the sign-in columns', CURRENT_TIMESTAMP
    WHERE NOT EXISTS (SELECT 1 FROM kairos_schema_version WHERE version = 4);
