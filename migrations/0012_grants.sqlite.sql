-- Grant schemes (tilskuddsordninger): a scheme owned by an organisation, its rule sets with the
-- day each starts to apply, calls with opening and closing instants, and applications with
-- expected results, budget lines, a financing plan and declarations. A submitted application is
-- frozen: the store changes only drafts.

CREATE TABLE grant_schemes (
  id               INTEGER PRIMARY KEY,
  organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
  name             TEXT NOT NULL,
  purpose          TEXT NOT NULL DEFAULT '',   -- Markdown
  target_group     TEXT NOT NULL DEFAULT '',
  annual_pot       BIGINT NOT NULL DEFAULT 0 CHECK (annual_pot >= 0),  -- øre per year
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
CREATE INDEX grant_schemes_organisation ON grant_schemes (organisation_id);

-- Rule sets are added, never changed: the set in force when a call opens applies to all of its
-- applications, and each application keeps the id of the set it was written under.
CREATE TABLE grant_rule_sets (
  id                       INTEGER PRIMARY KEY,
  scheme_id                INTEGER NOT NULL REFERENCES grant_schemes (id) ON DELETE CASCADE,
  valid_from               TEXT NOT NULL,              -- 'YYYY-MM-DD', Oslo date
  max_months               INTEGER NOT NULL CHECK (max_months BETWEEN 1 AND 120),
  cooperation_required     INTEGER NOT NULL DEFAULT 0, -- binding cooperation agreement with the owner
  min_cofinancing_percent  INTEGER NOT NULL DEFAULT 0 CHECK (min_cofinancing_percent BETWEEN 0 AND 99),
  lists                    TEXT NOT NULL,              -- JSON: eligibility rules, priorities, attachments
  created_at               TEXT NOT NULL
);
CREATE INDEX grant_rule_sets_scheme ON grant_rule_sets (scheme_id, valid_from);

CREATE TABLE grant_calls (
  id          INTEGER PRIMARY KEY,
  scheme_id   INTEGER NOT NULL REFERENCES grant_schemes (id) ON DELETE CASCADE,
  title       TEXT NOT NULL,
  call_text   TEXT NOT NULL DEFAULT '',  -- Markdown
  opens_at    TEXT NOT NULL,
  closes_at   TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  CHECK (closes_at > opens_at)
);
CREATE INDEX grant_calls_closes ON grant_calls (closes_at DESC, id DESC);
CREATE INDEX grant_calls_scheme ON grant_calls (scheme_id);

-- Published needs a call answers.
CREATE TABLE grant_call_needs (
  call_id  INTEGER NOT NULL REFERENCES grant_calls (id) ON DELETE CASCADE,
  need_id  INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
  PRIMARY KEY (call_id, need_id)
);
CREATE INDEX grant_call_needs_need ON grant_call_needs (need_id);

CREATE TABLE grant_applications (
  id                     INTEGER PRIMARY KEY,
  call_id                INTEGER NOT NULL REFERENCES grant_calls (id),
  rule_set_id            INTEGER NOT NULL REFERENCES grant_rule_sets (id),
  organisation_id        INTEGER NOT NULL REFERENCES organisations (id),
  status                 TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
  title                  TEXT NOT NULL DEFAULT '',
  description            TEXT NOT NULL DEFAULT '',
  target_group           TEXT NOT NULL DEFAULT '',
  period_from            TEXT NOT NULL DEFAULT '',   -- 'YYYY-MM'
  period_to              TEXT NOT NULL DEFAULT '',
  cooperation_agreement  INTEGER NOT NULL DEFAULT 0,
  created_by             INTEGER REFERENCES users (id) ON DELETE SET NULL,
  submitted_by           INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at             TEXT NOT NULL,
  updated_at             TEXT NOT NULL,
  submitted_at           TEXT,
  CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
);
CREATE INDEX grant_applications_organisation ON grant_applications (organisation_id, updated_at);
CREATE INDEX grant_applications_call ON grant_applications (call_id, status, submitted_at);

CREATE TABLE grant_application_municipalities (
  application_id       INTEGER NOT NULL REFERENCES grant_applications (id) ON DELETE CASCADE,
  municipality_number  TEXT NOT NULL REFERENCES municipalities (number),
  PRIMARY KEY (application_id, municipality_number)
);

-- Expected results, shaped like needs' success criteria so results can be reported against them.
CREATE TABLE grant_application_results (
  id              INTEGER PRIMARY KEY,
  application_id  INTEGER NOT NULL REFERENCES grant_applications (id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  description     TEXT NOT NULL,
  indicator       TEXT NOT NULL DEFAULT '',
  baseline        TEXT NOT NULL DEFAULT '',
  target          TEXT NOT NULL DEFAULT '',
  UNIQUE (application_id, position)
);

CREATE TABLE grant_budget_lines (
  id              INTEGER PRIMARY KEY,
  application_id  INTEGER NOT NULL REFERENCES grant_applications (id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  category        TEXT NOT NULL,
  year            INTEGER NOT NULL,
  amount          BIGINT NOT NULL CHECK (amount >= 0),  -- øre
  UNIQUE (application_id, position)
);

CREATE TABLE grant_financing_lines (
  id              INTEGER PRIMARY KEY,
  application_id  INTEGER NOT NULL REFERENCES grant_applications (id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  source          TEXT NOT NULL CHECK (source IN ('own', 'scheme', 'public', 'private', 'in_kind')),
  description     TEXT NOT NULL DEFAULT '',
  amount          BIGINT NOT NULL CHECK (amount >= 0),  -- øre
  UNIQUE (application_id, position)
);

-- The applicant's answers to declared eligibility rules (by the rule's key in the rule set).
CREATE TABLE grant_declarations (
  application_id  INTEGER NOT NULL REFERENCES grant_applications (id) ON DELETE CASCADE,
  rule_key        TEXT NOT NULL,
  declared        INTEGER NOT NULL DEFAULT 0,
  explanation     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (application_id, rule_key)
);
