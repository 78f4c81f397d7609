-- The Central Coordinating Register (Enhetsregisteret) as reference data, loaded by
-- `samskap import-brreg`. Not the directory: a unit here is only what the register says.
--
-- id is the organisation number as an integer: the rowid, so the table is one B-tree in
-- organisation-number order (the order of the register's files) and the full-text index has a
-- stable rowid. orgnr keeps the nine-digit text, unique through the constraint's own index (an
-- index made by a constraint follows the table when the import swaps a staging copy in).
CREATE TABLE register_units (
  id                    INTEGER PRIMARY KEY,
  orgnr                 TEXT NOT NULL UNIQUE CHECK (length(orgnr) = 9 AND CAST(orgnr AS INTEGER) = id),
  name                  TEXT NOT NULL,
  org_form              TEXT,                    -- code: AS, FLI, STI …
  org_form_description  TEXT,
  municipality_number   TEXT,                    -- as the register gave it: pre-2024 numbers too
  postcode              TEXT,
  city                  TEXT,
  address               TEXT,                    -- address lines joined with '\n'
  employees             INTEGER,                 -- NULL when the register gives no count (below 5)
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
  removed_at            TEXT,                    -- absent from the latest import, or deleted
  updated_at            TEXT NOT NULL
);

-- Name search for active units, with the municipality as a second column so that a filter on
-- it is part of the same index lookup. Removed units leave the index (see the triggers).
-- detail=column: no word positions, which these one-word phrases never need; columnsize=0: no
-- per-row sizes, which only bm25() ranking would read (the search ranks by name length).
CREATE VIRTUAL TABLE register_units_fts USING fts5(
  search_text, municipality_number, content='register_units', content_rowid='id',
  tokenize='unicode61 remove_diacritics 0', detail=column, columnsize=0);
-- New terms are kept in memory up to 16 MB (default 1 MB) before FTS5 writes them out as a
-- segment: an import then writes and merges far fewer segments.
INSERT INTO register_units_fts (register_units_fts, rank) VALUES ('hashsize', 16777216);
CREATE TRIGGER register_units_fts_insert AFTER INSERT ON register_units WHEN new.removed_at IS NULL BEGIN
  INSERT INTO register_units_fts (rowid, search_text, municipality_number)
    VALUES (new.id, new.search_text, new.municipality_number);
END;
CREATE TRIGGER register_units_fts_delete AFTER DELETE ON register_units WHEN old.removed_at IS NULL BEGIN
  INSERT INTO register_units_fts (register_units_fts, rowid, search_text, municipality_number)
    VALUES ('delete', old.id, old.search_text, old.municipality_number);
END;
CREATE TRIGGER register_units_fts_update AFTER UPDATE OF search_text, municipality_number, removed_at
ON register_units BEGIN
  INSERT INTO register_units_fts (register_units_fts, rowid, search_text, municipality_number)
    SELECT 'delete', old.id, old.search_text, old.municipality_number WHERE old.removed_at IS NULL;
  INSERT INTO register_units_fts (rowid, search_text, municipality_number)
    SELECT new.id, new.search_text, new.municipality_number WHERE new.removed_at IS NULL;
END;

-- The words of active units' names (the tokens of search_text) and how many units have each,
-- rewritten by every import. The name search expands a word still being typed into its most
-- common completions from here: FTS5 merges an OR of words lazily and stops at the LIMIT, while
-- a prefix query ("samei"*) first merges the full lists of every completion.
CREATE TABLE register_terms (
  term  TEXT PRIMARY KEY,
  units INTEGER NOT NULL
) WITHOUT ROWID;
