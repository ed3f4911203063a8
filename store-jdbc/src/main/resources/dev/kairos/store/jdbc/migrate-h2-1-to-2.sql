-- kairos-store-jdbc schema migration from version 1 to 2, H2 2.x.
--
-- Adds kairos_enrollment.flags (EnrollmentRecord.flags()): 1 = legacy secret of 80 to 127 bits, 2 = imported.
-- Existing rows get 0: enrollments begun and confirmed here, as every version-1 row is. Old readers ignore the
-- column, so the migration can run before the new version is deployed (but not after: version 2 reads the column).
-- JdbcEnrollmentStore.createSchemaIfMissing() applies it in one transaction when the highest version is 1.

ALTER TABLE kairos_enrollment ADD COLUMN IF NOT EXISTS flags INTEGER NOT NULL DEFAULT 0;

INSERT INTO kairos_schema_version (version, description, applied_at)
    SELECT 2, 'kairos_enrollment.flags: legacy secret, imported', CURRENT_TIMESTAMP
    WHERE NOT EXISTS (SELECT 1 FROM kairos_schema_version WHERE version = 2);
