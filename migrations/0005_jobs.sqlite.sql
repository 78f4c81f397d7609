-- Background jobs: a queue in the database, so that several `samskap serve` processes share it.
-- A job is pending (done_at and failed_at NULL), done, or failed for good after max_attempts.
-- A worker claims a due job by setting claimed_by and a lease (claimed_until); a lease that runs
-- out makes the job claimable again. dedupe_key stops the same logical job being queued twice.
CREATE TABLE jobs (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  payload       TEXT NOT NULL DEFAULT '',
  run_after     TEXT NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0,
  max_attempts  INTEGER NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
  claimed_by    TEXT,
  claimed_until TEXT,
  done_at       TEXT,
  failed_at     TEXT,
  last_error    TEXT,
  dedupe_key    TEXT UNIQUE,
  created_at    TEXT NOT NULL
);
-- The claim: pending jobs in due order. Partial, so finished jobs cost the claim nothing.
CREATE INDEX jobs_pending ON jobs (run_after, id) WHERE done_at IS NULL AND failed_at IS NULL;
-- Purging old finished jobs.
CREATE INDEX jobs_done ON jobs (done_at) WHERE done_at IS NOT NULL;
CREATE INDEX jobs_failed ON jobs (failed_at) WHERE failed_at IS NOT NULL;
