-- Impact measurement: the indicator library (shared indicators kept by coordinators, and each
-- organisation's own), the indicators a programme (a grant scheme) requires, impact plans after
-- SoImpact's seven steps with baselines, measurements and evaluations, and Ferd's yearly figures.

CREATE TABLE impact_indicators (
  id              INTEGER PRIMARY KEY,
  organisation_id INTEGER REFERENCES organisations (id) ON DELETE CASCADE,  -- NULL: shared
  seed_key        TEXT UNIQUE,                 -- shared indicators brought in from content/impact
  name            TEXT NOT NULL,
  definition      TEXT NOT NULL DEFAULT '',
  numerator       TEXT NOT NULL DEFAULT '',
  denominator     TEXT NOT NULL DEFAULT '',
  level           TEXT NOT NULL CHECK (level IN ('resultat', 'virkning', 'effekt')),
  unit            TEXT NOT NULL,
  direction       TEXT NOT NULL CHECK (direction IN ('up', 'down')),
  catalogue_code  TEXT NOT NULL DEFAULT '',
  created_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX impact_indicators_level ON impact_indicators (level, id);
CREATE INDEX impact_indicators_organisation ON impact_indicators (organisation_id);

-- Shared indicators a programme requires of every plan tied to it, so results add up.
CREATE TABLE impact_required_indicators (
  scheme_id    INTEGER NOT NULL REFERENCES grant_schemes (id) ON DELETE CASCADE,
  indicator_id INTEGER NOT NULL REFERENCES impact_indicators (id) ON DELETE CASCADE,
  PRIMARY KEY (scheme_id, indicator_id)
);
CREATE INDEX impact_required_indicators_i ON impact_required_indicators (indicator_id);

CREATE TABLE impact_plans (
  id              INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  title           TEXT NOT NULL,
  project         TEXT NOT NULL DEFAULT '',    -- the project the plan is for; '' for the whole organisation
  scheme_id       INTEGER REFERENCES grant_schemes (id) ON DELETE SET NULL,
  situation       TEXT NOT NULL DEFAULT '',    -- step 1
  goals           TEXT NOT NULL DEFAULT '',    -- step 2
  schedule        TEXT NOT NULL DEFAULT '',    -- step 6: when and how measurements are made
  created_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX impact_plans_organisation ON impact_plans (organisation_id, updated_at);

-- Step 3: the target groups.
CREATE TABLE impact_plan_groups (
  id              INTEGER PRIMARY KEY,
  plan_id         INTEGER NOT NULL REFERENCES impact_plans (id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  name            TEXT NOT NULL,
  size            INTEGER CHECK (size IS NULL OR size >= 0),
  characteristics TEXT NOT NULL DEFAULT '',
  UNIQUE (plan_id, position)
);

-- Steps 4 and 5: the indicators chosen, each with its baseline (value and date) and target.
-- Values are decimals as text with '.' ("12.5").
CREATE TABLE impact_plan_indicators (
  plan_id        INTEGER NOT NULL REFERENCES impact_plans (id) ON DELETE CASCADE,
  indicator_id   INTEGER NOT NULL REFERENCES impact_indicators (id) ON DELETE CASCADE,
  baseline_value TEXT,
  baseline_date  TEXT,                         -- 'YYYY-MM-DD'
  target_value   TEXT,
  PRIMARY KEY (plan_id, indicator_id)
);
CREATE INDEX impact_plan_indicators_i ON impact_plan_indicators (indicator_id);

-- Step 6: measurements, on a date or over a period.
CREATE TABLE impact_measurements (
  id           INTEGER PRIMARY KEY,
  plan_id      INTEGER NOT NULL,
  indicator_id INTEGER NOT NULL,
  measured_on  TEXT NOT NULL,                  -- 'YYYY-MM-DD': the date, or the first day of the period
  period_end   TEXT,                           -- 'YYYY-MM-DD' when the value covers a period
  value        TEXT NOT NULL,
  sample_size  INTEGER CHECK (sample_size IS NULL OR sample_size >= 0),
  evidence     TEXT NOT NULL DEFAULT '',
  created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at   TEXT NOT NULL,
  FOREIGN KEY (plan_id, indicator_id) REFERENCES impact_plan_indicators (plan_id, indicator_id) ON DELETE CASCADE
);
CREATE INDEX impact_measurements_plan ON impact_measurements (plan_id, indicator_id, measured_on);

-- Step 7: evaluations.
CREATE TABLE impact_evaluations (
  id          INTEGER PRIMARY KEY,
  plan_id     INTEGER NOT NULL REFERENCES impact_plans (id) ON DELETE CASCADE,
  held_on     TEXT NOT NULL,                   -- 'YYYY-MM-DD'
  findings    TEXT NOT NULL,
  adjustments TEXT NOT NULL DEFAULT '',
  created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX impact_evaluations_plan ON impact_evaluations (plan_id, held_on);

-- Ferd's model: one row per organisation and year. Amounts in øre; the result may be negative.
CREATE TABLE impact_ferd_years (
  organisation_id    INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  year               INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
  high_contact       INTEGER NOT NULL DEFAULT 0 CHECK (high_contact >= 0),
  low_contact        INTEGER NOT NULL DEFAULT 0 CHECK (low_contact >= 0),
  success_criterion  TEXT NOT NULL DEFAULT '',
  success_percent    INTEGER CHECK (success_percent IS NULL OR success_percent BETWEEN 0 AND 100),
  revenue            BIGINT,
  result             BIGINT,
  story              TEXT NOT NULL DEFAULT '',
  story_about_person INTEGER NOT NULL DEFAULT 0,
  story_consent      INTEGER NOT NULL DEFAULT 0,  -- the person's consent to publication is recorded
  updated_by         INTEGER REFERENCES users (id) ON DELETE SET NULL,
  updated_at         TEXT NOT NULL,
  PRIMARY KEY (organisation_id, year)
);
CREATE INDEX impact_ferd_years_year ON impact_ferd_years (year, organisation_id);
