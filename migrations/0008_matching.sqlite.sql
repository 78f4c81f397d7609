-- How many documents of each search index hold a term, so that matching can pick the most
-- informative words of a need or a solution and skip those found almost everywhere
-- (see src/needs/matching.hpp).
CREATE VIRTUAL TABLE solutions_vocab USING fts5vocab(solutions_fts, row);
CREATE VIRTUAL TABLE needs_vocab USING fts5vocab(needs_fts, row);
CREATE VIRTUAL TABLE organisations_vocab USING fts5vocab(organisations_fts, row);
-- Nationwide solutions, read for every need that names a municipality.
CREATE INDEX solutions_nationwide ON solutions (id) WHERE nationwide = 1;
