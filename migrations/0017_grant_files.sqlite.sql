-- Attachments on grant applications and on reports, stored in the database like needs' attachments.
-- An application's own files have report_id NULL; a report's files carry its id as well.
-- requirement says what an application file fulfils: 'vedlegg-N' is the rule set's Nth required
-- attachment, 'vilkar-<key>' documents the declared eligibility criterion <key>, '' is other.
-- A report file is 'regnskap' (accounts), 'dokumentasjon' or ''. Files are only added while the
-- application (or the report) is a draft; the store checks that in the same statement.
CREATE TABLE grant_files (
  id              INTEGER PRIMARY KEY,
  application_id  INTEGER NOT NULL REFERENCES grant_applications (id) ON DELETE CASCADE,
  report_id       INTEGER REFERENCES grant_reports (id) ON DELETE CASCADE,
  requirement     TEXT NOT NULL DEFAULT '',
  filename        TEXT NOT NULL,
  content_type    TEXT NOT NULL,
  size            BIGINT NOT NULL CHECK (size > 0),
  sha256          TEXT NOT NULL,
  data            BLOB NOT NULL,
  uploaded_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at      TEXT NOT NULL
);
CREATE INDEX grant_files_application ON grant_files (application_id, report_id, id);
