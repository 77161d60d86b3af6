#include "migrations.hpp"

namespace gavel::index {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, R"sql(
CREATE TABLE meetings (
  id            INTEGER PRIMARY KEY,
  body          TEXT NOT NULL CHECK (body IN ('plenary', 'standing', 'special')),
  committee     TEXT,
  session       INTEGER,
  session_kind  TEXT CHECK (session_kind IN ('regular', 'extraordinary')),
  number        INTEGER,
  date          TEXT,
  title         TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'processing', 'ready', 'failed')),
  error         TEXT,
  duration      REAL,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX meetings_by_date ON meetings (date DESC, id DESC);
CREATE INDEX meetings_by_body ON meetings (body, committee, date DESC);

CREATE TABLE parts (
  meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  filename    TEXT NOT NULL,
  size        INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (meeting_id, seq)
);

CREATE TABLE agenda_items (
  meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  no          INTEGER NOT NULL,
  title       TEXT NOT NULL,
  start       REAL NOT NULL CHECK (start >= 0),
  end         REAL CHECK (end IS NULL OR end > start),
  result      TEXT,
  PRIMARY KEY (meeting_id, no)
);

CREATE TABLE speaker_segments (
  id          INTEGER PRIMARY KEY,
  meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  role        TEXT,
  start       REAL NOT NULL CHECK (start >= 0),
  end         REAL CHECK (end IS NULL OR end > start)
);
CREATE INDEX speaker_segments_by_meeting ON speaker_segments (meeting_id, start);

CREATE TABLE caption_cues (
  id          INTEGER PRIMARY KEY,
  meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  lang        TEXT NOT NULL,
  start       REAL NOT NULL,
  end         REAL NOT NULL,
  text        TEXT NOT NULL
);
CREATE INDEX caption_cues_by_meeting ON caption_cues (meeting_id, lang, start);

CREATE TABLE jobs (
  id             INTEGER PRIMARY KEY,
  meeting_id     INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  kind           TEXT NOT NULL DEFAULT 'transcode',
  state          TEXT NOT NULL DEFAULT 'queued'
                 CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  owner          TEXT,
  lease_expires  REAL,
  attempts       INTEGER NOT NULL DEFAULT 0,
  progress       REAL NOT NULL DEFAULT 0,
  speed          REAL NOT NULL DEFAULT 0,
  eta            REAL NOT NULL DEFAULT 0,
  message        TEXT,
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX jobs_claimable ON jobs (state, id);
CREATE INDEX jobs_by_meeting ON jobs (meeting_id, id);

CREATE TABLE accounts (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE,
  role           TEXT NOT NULL CHECK (role IN ('clerk', 'admin')),
  password_hash  TEXT NOT NULL,
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
)sql"},
  };
  return all;
}

}  // namespace gavel::index
