-- After the grant: payments against the commitment (tilsagn, the granted amount in
-- grant_decisions), and reports due on dates derived from the rule set.

-- One payment per row: planned (paid_on NULL) or made (paid_on set). A planned payment becomes a
-- made one when it is paid, so every krone is counted once: the sum of all rows of an application,
-- planned and made together, never exceeds the commitment. The triggers below refuse it in the
-- database too, and a payment's amount never changes.
CREATE TABLE grant_payments (
  id                INTEGER PRIMARY KEY,
  application_id    INTEGER NOT NULL REFERENCES grant_decisions (application_id),
  amount            BIGINT NOT NULL CHECK (amount > 0),   -- øre
  planned_on        TEXT,                                 -- 'YYYY-MM-DD', Oslo date
  paid_on           TEXT,                                 -- 'YYYY-MM-DD', Oslo date
  recorded_by       BIGINT,
  recorded_by_name  TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  CHECK (planned_on IS NOT NULL OR paid_on IS NOT NULL)
);
CREATE INDEX grant_payments_application ON grant_payments (application_id, id);
CREATE TRIGGER grant_payments_within_commitment BEFORE INSERT ON grant_payments
WHEN NEW.amount + (SELECT COALESCE(SUM(amount), 0) FROM grant_payments WHERE application_id = NEW.application_id)
     > COALESCE((SELECT amount FROM grant_decisions WHERE application_id = NEW.application_id AND outcome = 'granted'), 0)
BEGIN
  SELECT RAISE(ABORT, 'the payments would exceed the commitment');
END;
CREATE TRIGGER grant_payments_amount_fixed BEFORE UPDATE ON grant_payments
WHEN NEW.amount <> OLD.amount OR NEW.application_id <> OLD.application_id
BEGIN
  SELECT RAISE(ABORT, 'a payment''s amount cannot change');
END;

-- Reports on a grant, one row per report due (created when the grant is decided, from the rule
-- set's report rule and the granted period). status: due (nothing written), draft, submitted
-- (once, then frozen). results: JSON [{"criterion": <id>, "reached": "..."}] against the
-- application's expected results; income and costs in øre.
CREATE TABLE grant_reports (
  id              INTEGER PRIMARY KEY,
  application_id  INTEGER NOT NULL REFERENCES grant_decisions (application_id),
  kind            TEXT NOT NULL CHECK (kind IN ('annual', 'final')),
  year            INTEGER NOT NULL,
  due_on          TEXT NOT NULL,                 -- 'YYYY-MM-DD', Oslo date
  reminder_days   INTEGER NOT NULL DEFAULT 14,
  status          TEXT NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'draft', 'submitted')),
  results         TEXT NOT NULL DEFAULT '[]',
  income          BIGINT CHECK (income >= 0),
  costs           BIGINT CHECK (costs >= 0),
  report_text     TEXT NOT NULL DEFAULT '',
  updated_by      INTEGER,
  submitted_by    INTEGER,
  updated_at      TEXT,
  submitted_at    TEXT,
  UNIQUE (application_id, kind, year),
  CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
);
CREATE INDEX grant_reports_due ON grant_reports (status, due_on);
