-- An organisation's stored SROI analyses. The input is kept as the user typed it (JSON of the
-- calculator's form), so an analysis with mistakes is saved too and reopens as it was left; the
-- ratio of the last save that computed one is kept for lists and reports.
CREATE TABLE sroi_analyses (
  id               INTEGER PRIMARY KEY,
  organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
  title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  stakeholders     TEXT NOT NULL DEFAULT '',
  input            TEXT NOT NULL,
  ratio            TEXT,
  created_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
  updated_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
CREATE INDEX sroi_analyses_organisation ON sroi_analyses (organisation_id, updated_at);
