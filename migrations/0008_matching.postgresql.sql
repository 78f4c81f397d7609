-- ANALYZE keeps the most common lexemes of each search vector with the share of rows holding them
-- (pg_stats.most_common_elems); matching uses them to skip words found almost everywhere (see
-- src/needs/matching.hpp). Keep more of them than the default.
ALTER TABLE solutions ALTER COLUMN search_vector SET STATISTICS 1000;
ALTER TABLE needs ALTER COLUMN search_vector SET STATISTICS 1000;
ALTER TABLE organisations ALTER COLUMN search_vector SET STATISTICS 1000;
-- Nationwide solutions, read for every need that names a municipality.
CREATE INDEX solutions_nationwide ON solutions (id) WHERE nationwide = 1;
