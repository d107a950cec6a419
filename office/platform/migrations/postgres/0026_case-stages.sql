-- PostgreSQL twin of sqlite/0026_case-stages.sql; byte order ("C"), as SQLite and the office compare them.
CREATE TABLE case_stages (
  case_id        TEXT    COLLATE "C" NOT NULL PRIMARY KEY,
  awaiting_level INTEGER,
  closed         INTEGER NOT NULL,
  accepted_at    TEXT    COLLATE "C" NOT NULL
);
CREATE INDEX case_stages_queue ON case_stages (awaiting_level, accepted_at, case_id) WHERE closed = 0 AND awaiting_level IS NOT NULL;

CREATE TABLE case_stage_cursors (
  collection TEXT   NOT NULL PRIMARY KEY,
  seq        BIGINT NOT NULL
);
INSERT INTO case_stage_cursors (collection, seq) VALUES ('cases', 0), ('caseEvents', 0);
