-- Following: a user follows service areas, municipalities or single needs, and gets at most one
-- e-mail digest a day (Europe/Oslo date) about need_events that match what they follow.
CREATE TABLE follows (
  user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('service_area', 'municipality', 'need')),
  target     TEXT NOT NULL,          -- service area slug, municipality number or need id
  created_at TIMESTAMPTZ NOT NULL,   -- events before this are not news to the follower
  PRIMARY KEY (user_id, kind, target)
);
-- From an event's need and tags to its followers.
CREATE INDEX follows_target ON follows (kind, target);

-- Per user: the last event a digest included, the day of the last digest, the language to write in.
CREATE TABLE follow_digests (
  user_id          BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  last_event_id    BIGINT NOT NULL DEFAULT 0,
  last_digest_date TEXT,             -- YYYY-MM-DD in Europe/Oslo
  lang             TEXT NOT NULL DEFAULT 'nb',
  sent_at          TIMESTAMPTZ
);
