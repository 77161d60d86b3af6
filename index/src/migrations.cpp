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
      {2, R"sql(
-- Full-text search. Each index reads its text from the table that owns
-- it (external content), so nothing is stored twice; triggers keep them
-- in step, including deletes cascading from a meeting. gavel_ko splits
-- Hangul into character bigrams so 예산 finds 주민참여예산.
CREATE VIRTUAL TABLE title_fts USING fts5(title, content='meetings', content_rowid='id', tokenize='gavel_ko');
CREATE TRIGGER meetings_fts_ai AFTER INSERT ON meetings BEGIN
  INSERT INTO title_fts (rowid, title) VALUES (new.id, new.title);
END;
CREATE TRIGGER meetings_fts_ad AFTER DELETE ON meetings BEGIN
  INSERT INTO title_fts (title_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;
CREATE TRIGGER meetings_fts_au AFTER UPDATE OF title ON meetings BEGIN
  INSERT INTO title_fts (title_fts, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO title_fts (rowid, title) VALUES (new.id, new.title);
END;
INSERT INTO title_fts (rowid, title) SELECT id, title FROM meetings;

CREATE VIRTUAL TABLE agenda_fts USING fts5(title, content='agenda_items', tokenize='gavel_ko');
CREATE TRIGGER agenda_fts_ai AFTER INSERT ON agenda_items BEGIN
  INSERT INTO agenda_fts (rowid, title) VALUES (new.rowid, new.title);
END;
CREATE TRIGGER agenda_fts_ad AFTER DELETE ON agenda_items BEGIN
  INSERT INTO agenda_fts (agenda_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
END;
CREATE TRIGGER agenda_fts_au AFTER UPDATE OF title ON agenda_items BEGIN
  INSERT INTO agenda_fts (agenda_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
  INSERT INTO agenda_fts (rowid, title) VALUES (new.rowid, new.title);
END;
INSERT INTO agenda_fts (rowid, title) SELECT rowid, title FROM agenda_items;

CREATE VIRTUAL TABLE speaker_fts USING fts5(name, role, content='speaker_segments', content_rowid='id',
                                            tokenize='gavel_ko');
CREATE TRIGGER speaker_fts_ai AFTER INSERT ON speaker_segments BEGIN
  INSERT INTO speaker_fts (rowid, name, role) VALUES (new.id, new.name, new.role);
END;
CREATE TRIGGER speaker_fts_ad AFTER DELETE ON speaker_segments BEGIN
  INSERT INTO speaker_fts (speaker_fts, rowid, name, role) VALUES ('delete', old.id, old.name, old.role);
END;
CREATE TRIGGER speaker_fts_au AFTER UPDATE ON speaker_segments BEGIN
  INSERT INTO speaker_fts (speaker_fts, rowid, name, role) VALUES ('delete', old.id, old.name, old.role);
  INSERT INTO speaker_fts (rowid, name, role) VALUES (new.id, new.name, new.role);
END;
INSERT INTO speaker_fts (rowid, name, role) SELECT id, name, role FROM speaker_segments;

CREATE VIRTUAL TABLE caption_fts USING fts5(text, content='caption_cues', content_rowid='id', tokenize='gavel_ko');
CREATE TRIGGER caption_fts_ai AFTER INSERT ON caption_cues BEGIN
  INSERT INTO caption_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER caption_fts_ad AFTER DELETE ON caption_cues BEGIN
  INSERT INTO caption_fts (caption_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER caption_fts_au AFTER UPDATE OF text ON caption_cues BEGIN
  INSERT INTO caption_fts (caption_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO caption_fts (rowid, text) VALUES (new.id, new.text);
END;
INSERT INTO caption_fts (rowid, text) SELECT id, text FROM caption_cues;

-- Recesses (정회) the clerk marks, or accepts from detection.
CREATE TABLE recesses (
  id          INTEGER PRIMARY KEY,
  meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  start       REAL NOT NULL CHECK (start >= 0),
  end         REAL NOT NULL CHECK (end > start)
);
CREATE INDEX recesses_by_meeting ON recesses (meeting_id, start);

-- Login sessions: only a hash of the cookie's token is stored.
CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  csrf_token  TEXT NOT NULL,
  expires     REAL NOT NULL
);
)sql"},
      {3, R"sql(
-- Messages a clerk reads in the page's language: the English text stays in
-- error/message, the Korean one beside it.
ALTER TABLE meetings ADD COLUMN error_ko TEXT;
ALTER TABLE jobs ADD COLUMN message_ko TEXT;
)sql"},
      {4, R"sql(
-- Live channels: a room's broadcast input, found by its stream key's hash.
CREATE TABLE channels (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE,
  body            TEXT NOT NULL CHECK (body IN ('plenary', 'standing', 'special')),
  committee       TEXT,
  key_hash        TEXT NOT NULL UNIQUE,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  key_changed_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
)sql"},
  };
  return all;
}

}  // namespace gavel::index
