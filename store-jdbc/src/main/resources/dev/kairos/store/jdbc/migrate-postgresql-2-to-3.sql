-- kairos-store-jdbc schema migration from version 2 to 3, PostgreSQL 12 or later.
--
-- Adds kairos_enrollment.binding (EnrollmentRecord.binding(): the service's set-up binding, hashes of a set-up
-- handle and an enrollment ticket) and kairos_enrollment.budget_restored_at (EnrollmentRecord.budgetRestoredAt():
-- the wrong-guess budget). Existing rows get NULL: nothing bound, budget whole. Old readers ignore the columns, so
-- the migration can run before the new version is deployed (but not after: version 3 reads the columns).
-- JdbcEnrollmentStore.createSchemaIfMissing() applies it in one transaction when the highest version is 2.

ALTER TABLE kairos_enrollment ADD COLUMN IF NOT EXISTS binding VARCHAR(1024) NULL;

ALTER TABLE kairos_enrollment ADD COLUMN IF NOT EXISTS budget_restored_at TIMESTAMP(3) WITH TIME ZONE NULL;

INSERT INTO kairos_schema_version (version, description, applied_at)
    SELECT 3, 'kairos_enrollment.binding, budget_restored_at: set-up binding, guess budget', CURRENT_TIMESTAMP
    WHERE NOT EXISTS (SELECT 1 FROM kairos_schema_version WHERE version = 3);
