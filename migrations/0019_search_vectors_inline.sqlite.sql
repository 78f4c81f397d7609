-- PostgreSQL only (where the text search vectors are table columns): SQLite keeps its text
-- indexes in FTS5 tables. Nothing to change here.
SELECT 1;
