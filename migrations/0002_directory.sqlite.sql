-- The directory: reference lists, organisations, people and their contact roles, memberships.

CREATE TABLE counties (
  number     TEXT PRIMARY KEY,          -- '03', '39'
  name       TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to   TEXT                       -- NULL: valid now
);

CREATE TABLE municipalities (
  number        TEXT PRIMARY KEY,       -- '3907'; pre-2024 numbers are rows with valid_to set
  name          TEXT NOT NULL,
  county_number TEXT NOT NULL,
  valid_from    TEXT NOT NULL,
  valid_to      TEXT,
  replaced_by   TEXT                    -- the current number an old one resolves to
);
CREATE INDEX municipalities_county ON municipalities (county_number);

-- Editable lists with a stable slug; names in both languages.
CREATE TABLE service_areas (
  slug     TEXT PRIMARY KEY,
  name_nb  TEXT NOT NULL,
  name_en  TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  active   INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE target_groups (
  slug     TEXT PRIMARY KEY,
  name_nb  TEXT NOT NULL,
  name_en  TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  active   INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE sdgs (
  number  INTEGER PRIMARY KEY,
  name_nb TEXT NOT NULL,
  name_en TEXT NOT NULL
);
CREATE TABLE org_forms (
  code    TEXT PRIMARY KEY,
  name_nb TEXT NOT NULL,
  name_en TEXT NOT NULL
);

CREATE TABLE organisations (
  id                  INTEGER PRIMARY KEY,
  name                TEXT NOT NULL,
  name_sort           BLOB NOT NULL,     -- ICU Norwegian collation key: Æ Ø Å after Z on both engines
  kind                TEXT NOT NULL,
  orgnr               TEXT UNIQUE,
  org_form            TEXT REFERENCES org_forms (code),
  parent_id           INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
  municipality_number TEXT REFERENCES municipalities (number),
  short_description   TEXT NOT NULL DEFAULT '',
  long_description    TEXT NOT NULL DEFAULT '',
  website             TEXT NOT NULL DEFAULT '',
  email               TEXT NOT NULL DEFAULT '',
  phone               TEXT NOT NULL DEFAULT '',
  address             TEXT NOT NULL DEFAULT '',
  postcode            TEXT NOT NULL DEFAULT '',
  city                TEXT NOT NULL DEFAULT '',
  founded_year        INTEGER,
  in_voluntary_register INTEGER,           -- Frivillighetsregisteret, from the register when known
  no_dividends        INTEGER NOT NULL DEFAULT 0,  -- self-declared: statutes forbid dividends
  no_dividends_note   TEXT NOT NULL DEFAULT '',
  status              TEXT NOT NULL DEFAULT 'unverified' CHECK (status IN ('unverified', 'verified', 'deactivated')),
  merged_into         INTEGER REFERENCES organisations (id),
  search_text         TEXT NOT NULL DEFAULT '',  -- folded and stemmed, maintained by the store
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
CREATE INDEX organisations_sort ON organisations (name_sort);
-- The unfiltered list in name order, and its count, straight from one index.
CREATE INDEX organisations_listed ON organisations (name_sort, id) WHERE status <> 'deactivated' AND merged_into IS NULL;
CREATE INDEX organisations_kind ON organisations (kind, name_sort);
CREATE INDEX organisations_municipality ON organisations (municipality_number);
CREATE INDEX organisations_parent ON organisations (parent_id);

CREATE TABLE organisation_municipalities (
  organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  municipality_number TEXT NOT NULL REFERENCES municipalities (number),
  PRIMARY KEY (organisation_id, municipality_number)
);
CREATE INDEX organisation_municipalities_m ON organisation_municipalities (municipality_number);
CREATE TABLE organisation_service_areas (
  organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  slug            TEXT NOT NULL REFERENCES service_areas (slug),
  PRIMARY KEY (organisation_id, slug)
);
CREATE INDEX organisation_service_areas_s ON organisation_service_areas (slug);
CREATE TABLE organisation_target_groups (
  organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  slug            TEXT NOT NULL REFERENCES target_groups (slug),
  PRIMARY KEY (organisation_id, slug)
);
CREATE INDEX organisation_target_groups_s ON organisation_target_groups (slug);
CREATE TABLE organisation_sdgs (
  organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  sdg             INTEGER NOT NULL REFERENCES sdgs (number),
  PRIMARY KEY (organisation_id, sdg)
);

CREATE TABLE memberships (
  organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role            TEXT NOT NULL CHECK (role IN ('admin', 'member')),
  created_at      TEXT NOT NULL,
  PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE invitations (
  id              INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  email           TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('admin', 'member')),
  token_key       TEXT NOT NULL UNIQUE,
  invited_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
  expires_at      TEXT NOT NULL,
  accepted_at     TEXT
);

CREATE TABLE join_requests (
  id              INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  message         TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL,
  decided_at      TEXT,
  UNIQUE (organisation_id, user_id)
);

-- A person is shown publicly only with consent (a timestamp), otherwise to signed-in users.
CREATE TABLE people (
  id                INTEGER PRIMARY KEY,
  organisation_id   INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name              TEXT NOT NULL,
  title             TEXT NOT NULL DEFAULT '',
  email             TEXT NOT NULL DEFAULT '',
  phone             TEXT NOT NULL DEFAULT '',
  public_consent_at TEXT,
  user_id           INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at        TEXT NOT NULL
);
CREATE INDEX people_organisation ON people (organisation_id);

CREATE TABLE contact_roles (
  id                  INTEGER PRIMARY KEY,
  person_id           INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  service_area        TEXT NOT NULL REFERENCES service_areas (slug),
  municipality_number TEXT REFERENCES municipalities (number),   -- NULL: all the organisation serves
  UNIQUE (person_id, service_area, municipality_number)
);
CREATE INDEX contact_roles_area ON contact_roles (service_area, municipality_number);

-- Full-text search over search_text, which the store fills with folded, stemmed words (and the
-- unstemmed word where it differs, for prefix search). Kept in step by triggers.
CREATE VIRTUAL TABLE organisations_fts USING fts5(
  search_text, content='organisations', content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='3 4');
CREATE TRIGGER organisations_fts_insert AFTER INSERT ON organisations BEGIN
  INSERT INTO organisations_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER organisations_fts_delete AFTER DELETE ON organisations BEGIN
  INSERT INTO organisations_fts (organisations_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER organisations_fts_update AFTER UPDATE OF search_text ON organisations BEGIN
  INSERT INTO organisations_fts (organisations_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
  INSERT INTO organisations_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
