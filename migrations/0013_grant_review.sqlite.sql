-- Grant review and decisions: the stage an application has reached after submission, the
-- applicant's wish for confidentiality, the scheme's service area (who is told about grants), an
-- append-only audit log of every status change, reviewers with their declaration of impartiality
-- (habilitet) and scores per priority criterion, and decisions.

-- Where the application is: draft, submitted, under_review, granted or refused. `status` keeps
-- telling whether the application is frozen (draft or submitted); `stage` goes further.
ALTER TABLE grant_applications ADD COLUMN stage TEXT NOT NULL DEFAULT 'draft'
  CHECK (stage IN ('draft', 'submitted', 'under_review', 'granted', 'refused'));
UPDATE grant_applications SET stage = status;
-- The grant is not shown on the municipality page when the applicant asked, with a reason.
ALTER TABLE grant_applications ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0;
ALTER TABLE grant_applications ADD COLUMN confidential_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX grant_applications_stage ON grant_applications (call_id, stage);

-- The service area whose contact people hear about grants in the applicant's municipality.
ALTER TABLE grant_schemes ADD COLUMN service_area TEXT REFERENCES service_areas (slug);

-- Every status change of an application. Rows are never changed or removed.
CREATE TABLE grant_audit (
  id              INTEGER PRIMARY KEY,
  application_id  INTEGER NOT NULL REFERENCES grant_applications (id),
  from_status     TEXT NOT NULL,
  to_status       TEXT NOT NULL,
  note            TEXT NOT NULL DEFAULT '',
  actor_id        BIGINT,                 -- user id, kept even if the account goes
  actor_name      TEXT NOT NULL,          -- the name at the time
  created_at      TEXT NOT NULL
);
CREATE INDEX grant_audit_application ON grant_audit (application_id, id);
CREATE TRIGGER grant_audit_no_update BEFORE UPDATE ON grant_audit BEGIN
  SELECT RAISE(ABORT, 'the grant audit log is append-only');
END;
CREATE TRIGGER grant_audit_no_delete BEFORE DELETE ON grant_audit BEGIN
  SELECT RAISE(ABORT, 'the grant audit log is append-only');
END;

-- Reviewers assigned to an application. impartial: NULL not yet declared, 1 impartial, 0 a
-- conflict of interest (then conflict_note says why).
CREATE TABLE grant_reviewers (
  application_id  INTEGER NOT NULL REFERENCES grant_applications (id) ON DELETE CASCADE,
  user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  assigned_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
  assigned_at     TEXT NOT NULL,
  impartial       INTEGER CHECK (impartial IN (0, 1)),
  conflict_note   TEXT NOT NULL DEFAULT '',
  declared_at     TEXT,
  PRIMARY KEY (application_id, user_id),
  UNIQUE (application_id, user_id, impartial),  -- what scores refer to
  CHECK ((impartial IS NULL) = (declared_at IS NULL))
);
CREATE INDEX grant_reviewers_user ON grant_reviewers (user_id, assigned_at);

-- One score per reviewer and priority criterion (by the priority's key in the rule set). The
-- reference to the reviewer includes impartial = 1, so the database itself refuses a score from a
-- reviewer who has not declared impartiality or who declared a conflict.
CREATE TABLE grant_scores (
  application_id  INTEGER NOT NULL,
  user_id         INTEGER NOT NULL,
  priority_key    TEXT NOT NULL,
  score           INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment         TEXT NOT NULL DEFAULT '',
  scored_at       TEXT NOT NULL,
  impartial       INTEGER NOT NULL DEFAULT 1 CHECK (impartial = 1),
  PRIMARY KEY (application_id, user_id, priority_key),
  FOREIGN KEY (application_id, user_id, impartial) REFERENCES grant_reviewers (application_id, user_id, impartial)
    ON DELETE CASCADE
);

-- The decision on an application; pot_year is the year of the call's pot it is granted from.
CREATE TABLE grant_decisions (
  application_id  INTEGER PRIMARY KEY REFERENCES grant_applications (id),
  outcome         TEXT NOT NULL CHECK (outcome IN ('granted', 'refused')),
  amount          BIGINT CHECK (amount > 0),     -- øre, granted only
  period_from     TEXT NOT NULL DEFAULT '',      -- 'YYYY-MM', granted only
  period_to       TEXT NOT NULL DEFAULT '',
  conditions      TEXT NOT NULL DEFAULT '',
  reason          TEXT NOT NULL DEFAULT '',      -- refused: why
  pot_year        INTEGER NOT NULL,
  decided_by      BIGINT,
  decided_by_name TEXT NOT NULL,
  decided_at      TEXT NOT NULL,
  CHECK ((outcome = 'granted') = (amount IS NOT NULL))
);
CREATE INDEX grant_decisions_year ON grant_decisions (pot_year, outcome);
