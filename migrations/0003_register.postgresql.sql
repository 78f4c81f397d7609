-- The Central Coordinating Register (Enhetsregisteret) as reference data, loaded by
-- `samskap import-brreg`. Not the directory: a unit here is only what the register says.
CREATE TABLE register_units (
  orgnr                 TEXT PRIMARY KEY CHECK (orgnr ~ '^[0-9]{9}$'),
  name                  TEXT NOT NULL,
  org_form              TEXT,                    -- code: AS, FLI, STI …
  org_form_description  TEXT,
  municipality_number   TEXT,                    -- as the register gave it: pre-2024 numbers too
  postcode              TEXT,
  city                  TEXT,
  address               TEXT,                    -- address lines joined with '\n'
  employees             BIGINT,                  -- NULL when the register gives no count (below 5)
  employees_1_to_4      INTEGER NOT NULL DEFAULT 0,  -- harRegistrertAntallAnsatte without a count
  nace_code             TEXT,
  sector_code           TEXT,
  founded               TEXT,                    -- stiftelsesdato, YYYY-MM-DD
  registered_voluntary  INTEGER,                 -- 0/1, NULL when the file does not say
  registered_business   INTEGER,
  registered_vat        INTEGER,
  registered_foundation INTEGER,
  bankrupt              INTEGER,
  winding_up            INTEGER,
  parent_orgnr          TEXT,
  website               TEXT,
  purpose               TEXT,                    -- vedtektsfestetFormaal, lines joined with '\n'
  data                  TEXT NOT NULL,           -- the unit as JSON in the register's field names
  search_text           TEXT NOT NULL DEFAULT '',  -- folded, stemmed words of the name
  search_vector         TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
  removed_at            TIMESTAMPTZ,             -- absent from the latest import, or deleted
  updated_at            TIMESTAMPTZ NOT NULL
);
-- Name search and the municipality filter, over active units only.
CREATE INDEX register_units_search ON register_units USING GIN (search_vector) WHERE removed_at IS NULL;
CREATE INDEX register_units_municipality ON register_units (municipality_number) WHERE removed_at IS NULL;
