-- The needs marketplace: needs (owned by public bodies) with success criteria, solutions (owned
-- by social enterprises), proposals with a public and a confidential part, questions and
-- answers, the dialogue log (append-only versions), and an activity stream for notifications.

CREATE TABLE needs (
  id                 INTEGER PRIMARY KEY,
  organisation_id    INTEGER NOT NULL REFERENCES organisations (id),
  title              TEXT NOT NULL,
  situation          TEXT NOT NULL DEFAULT '',   -- Markdown: the situation today, who is affected
  constraints_text   TEXT NOT NULL DEFAULT '',   -- Markdown: what any solution must respect
  value_min          BIGINT,                     -- øre, estimated value range (optional)
  value_max          BIGINT,
  timeframe          TEXT NOT NULL DEFAULT '',   -- free text: "høsten 2027", "12 måneder fra oppstart"
  contact_person_id  INTEGER REFERENCES people (id) ON DELETE SET NULL,
  status             TEXT NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'published', 'in_dialogue', 'solved', 'closed')),
  closing_note       TEXT NOT NULL DEFAULT '',   -- what came of it (solved / closed)
  created_by         INTEGER REFERENCES users (id) ON DELETE SET NULL,
  search_text        TEXT NOT NULL DEFAULT '',   -- folded, stemmed; maintained by the store
  published_at       TEXT,
  closed_at          TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  CHECK (value_min IS NULL OR value_min >= 0),
  CHECK (value_max IS NULL OR value_min IS NULL OR value_max >= value_min)
);
-- The public list: everything but drafts, newest first.
CREATE INDEX needs_listed ON needs (published_at DESC, id DESC) WHERE status <> 'draft';
CREATE INDEX needs_organisation ON needs (organisation_id, updated_at);

-- The desired results, as success criteria ("andel i arbeid etter 12 måneder: fra 20 % til 40 %").
CREATE TABLE need_criteria (
  id          INTEGER PRIMARY KEY,
  need_id     INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  description TEXT NOT NULL,
  indicator   TEXT NOT NULL DEFAULT '',
  baseline    TEXT NOT NULL DEFAULT '',
  target      TEXT NOT NULL DEFAULT '',
  UNIQUE (need_id, position)
);

CREATE TABLE need_service_areas (
  need_id INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
  slug    TEXT NOT NULL REFERENCES service_areas (slug),
  PRIMARY KEY (need_id, slug)
);
CREATE INDEX need_service_areas_s ON need_service_areas (slug);
CREATE TABLE need_target_groups (
  need_id INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
  slug    TEXT NOT NULL REFERENCES target_groups (slug),
  PRIMARY KEY (need_id, slug)
);
CREATE INDEX need_target_groups_s ON need_target_groups (slug);
CREATE TABLE need_municipalities (
  need_id             INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
  municipality_number TEXT NOT NULL REFERENCES municipalities (number),
  PRIMARY KEY (need_id, municipality_number)
);
CREATE INDEX need_municipalities_m ON need_municipalities (municipality_number);

-- Attachments are kept in the database (size-limited by the application), so a backup of the
-- database is a backup of everything.
CREATE TABLE need_attachments (
  id           INTEGER PRIMARY KEY,
  need_id      INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
  filename     TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         BIGINT NOT NULL,
  sha256       TEXT NOT NULL,
  data         BLOB NOT NULL,
  uploaded_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at   TEXT NOT NULL
);
CREATE INDEX need_attachments_need ON need_attachments (need_id);

-- Activity that followers are told about: published, answered (a question got an answer),
-- status (the status changed). Written in the same transaction as the change.
CREATE TABLE need_events (
  id         INTEGER PRIMARY KEY,
  need_id    INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('published', 'answered', 'status')),
  detail     TEXT NOT NULL DEFAULT '',   -- for status: the new status
  created_at TEXT NOT NULL
);
CREATE INDEX need_events_need ON need_events (need_id, id);

-- Standing offers from social enterprises, not tied to a need.
CREATE TABLE solutions (
  id              INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  title           TEXT NOT NULL,
  summary         TEXT NOT NULL DEFAULT '',   -- plain text, <= 300 characters
  description     TEXT NOT NULL DEFAULT '',   -- Markdown: what it does and how
  audience        TEXT NOT NULL DEFAULT '',   -- for whom
  evidence        TEXT NOT NULL DEFAULT '',   -- Markdown: evidence and results so far
  price_model     TEXT NOT NULL DEFAULT '',
  nationwide      INTEGER NOT NULL DEFAULT 0,  -- available everywhere, not only where listed
  status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  created_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
  search_text     TEXT NOT NULL DEFAULT '',
  published_at    TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX solutions_listed ON solutions (published_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX solutions_organisation ON solutions (organisation_id);
CREATE TABLE solution_service_areas (
  solution_id INTEGER NOT NULL REFERENCES solutions (id) ON DELETE CASCADE,
  slug        TEXT NOT NULL REFERENCES service_areas (slug),
  PRIMARY KEY (solution_id, slug)
);
CREATE INDEX solution_service_areas_s ON solution_service_areas (slug);
CREATE TABLE solution_target_groups (
  solution_id INTEGER NOT NULL REFERENCES solutions (id) ON DELETE CASCADE,
  slug        TEXT NOT NULL REFERENCES target_groups (slug),
  PRIMARY KEY (solution_id, slug)
);
CREATE INDEX solution_target_groups_s ON solution_target_groups (slug);
CREATE TABLE solution_municipalities (
  solution_id         INTEGER NOT NULL REFERENCES solutions (id) ON DELETE CASCADE,
  municipality_number TEXT NOT NULL REFERENCES municipalities (number),
  PRIMARY KEY (solution_id, municipality_number)
);
CREATE INDEX solution_municipalities_m ON solution_municipalities (municipality_number);
-- Organisations that use the solution, linked from the directory.
CREATE TABLE solution_references (
  solution_id     INTEGER NOT NULL REFERENCES solutions (id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  note            TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (solution_id, organisation_id)
);

-- A social enterprise's answer to a published need. The summary is public; everything else
-- (approach, per-criterion answers, timeline, cost, financing, details) is confidential: only the
-- need's owner organisation, the proposer organisation and coordinators may read it.
CREATE TABLE proposals (
  id              INTEGER PRIMARY KEY,
  need_id         INTEGER NOT NULL REFERENCES needs (id),
  organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  solution_id     INTEGER REFERENCES solutions (id) ON DELETE SET NULL,
  summary         TEXT NOT NULL,               -- public
  approach        TEXT NOT NULL DEFAULT '',    -- confidential (Markdown)
  timeline        TEXT NOT NULL DEFAULT '',    -- confidential
  cost            BIGINT,                      -- confidential, øre
  financing       TEXT NOT NULL DEFAULT '',    -- confidential
  confidential    TEXT NOT NULL DEFAULT '',    -- confidential details, business secrets
  status          TEXT NOT NULL DEFAULT 'sent'
                  CHECK (status IN ('sent', 'under_review', 'chosen', 'not_chosen', 'withdrawn')),
  decision_message TEXT NOT NULL DEFAULT '',   -- to the proposer, with chosen / not chosen
  created_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  decided_at      TEXT,
  CHECK (cost IS NULL OR cost >= 0)
);
CREATE INDEX proposals_need ON proposals (need_id, status);
CREATE INDEX proposals_organisation ON proposals (organisation_id, created_at);
-- One live proposal per organisation and need (a withdrawn one may be followed by a new one).
CREATE UNIQUE INDEX proposals_one_live ON proposals (need_id, organisation_id) WHERE status <> 'withdrawn';

-- Confidential, like the proposal's other details.
CREATE TABLE proposal_criteria (
  proposal_id  INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  criterion_id INTEGER NOT NULL REFERENCES need_criteria (id) ON DELETE CASCADE,
  expected     TEXT NOT NULL DEFAULT '',   -- what the proposal expects to achieve
  measurement  TEXT NOT NULL DEFAULT '',   -- how it will be measured
  PRIMARY KEY (proposal_id, criterion_id)
);

-- Questions from signed-in users and the owner's answers, visible to everyone who can see the
-- need (equal treatment). The asker is never shown.
CREATE TABLE need_questions (
  id          INTEGER PRIMARY KEY,
  need_id     INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
  asked_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
  question    TEXT NOT NULL,
  answer      TEXT,
  answered_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  asked_at    TEXT NOT NULL,
  answered_at TEXT
);
CREATE INDEX need_questions_need ON need_questions (need_id, id);

-- The dialogue log: every meeting or call with a potential supplier. Entries are never edited in
-- place: an edit adds a version, and the versions table refuses UPDATE and DELETE.
CREATE TABLE dialogue_entries (
  id         INTEGER PRIMARY KEY,
  need_id    INTEGER NOT NULL REFERENCES needs (id),
  created_at TEXT NOT NULL
);
CREATE INDEX dialogue_entries_need ON dialogue_entries (need_id, id);
CREATE TABLE dialogue_versions (
  id             INTEGER PRIMARY KEY,
  entry_id       INTEGER NOT NULL REFERENCES dialogue_entries (id),
  version        INTEGER NOT NULL,
  held_on        TEXT NOT NULL,              -- YYYY-MM-DD
  channel        TEXT NOT NULL CHECK (channel IN ('meeting', 'call', 'video', 'visit', 'email', 'other')),
  participants   TEXT NOT NULL,              -- who took part, organisations and people
  summary        TEXT NOT NULL,
  reason         TEXT NOT NULL DEFAULT '',   -- why it was changed (versions after the first)
  edited_by      BIGINT,                     -- user id, kept even if the account goes
  edited_by_name TEXT NOT NULL,              -- the editor's name at the time, for the public record
  edited_at      TEXT NOT NULL,
  UNIQUE (entry_id, version)
);
CREATE TRIGGER dialogue_versions_no_update BEFORE UPDATE ON dialogue_versions BEGIN
  SELECT RAISE(ABORT, 'dialogue log versions are append-only');
END;
CREATE TRIGGER dialogue_versions_no_delete BEFORE DELETE ON dialogue_versions BEGIN
  SELECT RAISE(ABORT, 'dialogue log versions are append-only');
END;

-- Full-text search over search_text (see organisations_fts in 0002).
CREATE VIRTUAL TABLE needs_fts USING fts5(
  search_text, content='needs', content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='3 4');
CREATE TRIGGER needs_fts_insert AFTER INSERT ON needs BEGIN
  INSERT INTO needs_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER needs_fts_delete AFTER DELETE ON needs BEGIN
  INSERT INTO needs_fts (needs_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER needs_fts_update AFTER UPDATE OF search_text ON needs BEGIN
  INSERT INTO needs_fts (needs_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
  INSERT INTO needs_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE VIRTUAL TABLE solutions_fts USING fts5(
  search_text, content='solutions', content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='3 4');
CREATE TRIGGER solutions_fts_insert AFTER INSERT ON solutions BEGIN
  INSERT INTO solutions_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER solutions_fts_delete AFTER DELETE ON solutions BEGIN
  INSERT INTO solutions_fts (solutions_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER solutions_fts_update AFTER UPDATE OF search_text ON solutions BEGIN
  INSERT INTO solutions_fts (solutions_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
  INSERT INTO solutions_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
