-- Where each case stands for the review queues, kept beside its documents so that a queue page and 通过's
-- check for older cases read the queue's index, not every case with its events.
-- awaiting_level: the review level the case waits for (1-3), NULL when none; closed: 1 once it is closed;
-- accepted_at: when it was accepted ('' before), the queue's order. Filled in by the office from the case
-- documents written after `case_stage_cursors.seq` of each collection (the office works it out with the
-- domain's rules, which SQL cannot), so a new office builds it for the cases already stored on first use.
CREATE TABLE case_stages (
  case_id        TEXT    NOT NULL PRIMARY KEY,
  awaiting_level INTEGER,
  closed         INTEGER NOT NULL,
  accepted_at    TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX case_stages_queue ON case_stages (awaiting_level, accepted_at, case_id) WHERE closed = 0 AND awaiting_level IS NOT NULL;

CREATE TABLE case_stage_cursors (
  collection TEXT    NOT NULL PRIMARY KEY,
  seq        INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO case_stage_cursors (collection, seq) VALUES ('cases', 0), ('caseEvents', 0);
