-- A file attached to a measurement of an impact plan as its evidence: at most one per measurement,
-- kept in the database with the type checked by content and name at upload, and removed with the
-- measurement.
CREATE TABLE impact_measurement_files (
  measurement_id BIGINT PRIMARY KEY REFERENCES impact_measurements (id) ON DELETE CASCADE,
  filename       TEXT NOT NULL,
  content_type   TEXT NOT NULL,
  size           BIGINT NOT NULL CHECK (size > 0),
  sha256         TEXT NOT NULL,
  data           BYTEA NOT NULL,
  uploaded_by    BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_at     TIMESTAMPTZ NOT NULL
);

-- Who last changed a measurement, and when.
ALTER TABLE impact_measurements ADD COLUMN updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE impact_measurements ADD COLUMN updated_at TIMESTAMPTZ;
