-- Office state. Documents keep the body exactly as pushed; the office's own write order is `seq`,
-- outside the body (docs/sync-protocol.md, "Pull, push and checkpoints").
CREATE TABLE documents (
  collection   TEXT    NOT NULL,
  id           TEXT    NOT NULL,
  seq          INTEGER NOT NULL UNIQUE,
  body         TEXT    NOT NULL,
  author       TEXT    NOT NULL CHECK (author IN ('office', 'van')),
  device_id    TEXT,
  owner_device TEXT,
  audience_all INTEGER NOT NULL DEFAULT 1,
  received_at  TEXT    NOT NULL,
  PRIMARY KEY (collection, id)
) WITHOUT ROWID;
CREATE INDEX documents_by_seq ON documents (collection, seq);
CREATE INDEX documents_by_owner ON documents (owner_device, collection, seq);

-- Which vans see an office document that is not for everyone (trips, appointments, units of a trip).
CREATE TABLE doc_audience (
  collection TEXT NOT NULL,
  id         TEXT NOT NULL,
  van_id     TEXT NOT NULL,
  PRIMARY KEY (collection, id, van_id)
) WITHOUT ROWID;
CREATE INDEX doc_audience_by_van ON doc_audience (van_id, collection);

CREATE TABLE devices (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  van_id       TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  enrolled_at  TEXT NOT NULL,
  last_seen_at TEXT,
  report       TEXT,
  revoked_at   TEXT
);

CREATE TABLE enroll_codes (
  code_hash   TEXT PRIMARY KEY,
  van_id      TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  used_at     TEXT,
  used_by     TEXT
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  staff_id   TEXT NOT NULL,
  roles      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

-- One row per receipt number ever used: a number is never used twice, voided or not.
CREATE TABLE receipt_numbers (
  number     TEXT PRIMARY KEY,
  trip_id    TEXT NOT NULL,
  receipt_id TEXT NOT NULL UNIQUE
);

-- Each device's case events by its own sequence, to verify the hash chain.
CREATE TABLE event_chain (
  device_id TEXT    NOT NULL,
  seq       INTEGER NOT NULL,
  event_id  TEXT    NOT NULL,
  hash      TEXT    NOT NULL,
  prev_hash TEXT,
  PRIMARY KEY (device_id, seq, event_id)
) WITHOUT ROWID;

CREATE TABLE chain_status (
  device_id    TEXT PRIMARY KEY,
  verified_seq INTEGER NOT NULL,
  head_hash    TEXT,
  state        TEXT NOT NULL CHECK (state IN ('ok', 'gap', 'broken')),
  detail       TEXT,
  updated_at   TEXT NOT NULL
);

-- Refusals and conflicts, kept for the office to see (nothing a van sends disappears silently).
CREATE TABLE incidents (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT NOT NULL,
  device_id  TEXT,
  collection TEXT,
  doc_id     TEXT,
  code       TEXT NOT NULL,
  detail     TEXT NOT NULL
);

CREATE TABLE scan_blobs (
  sha256      TEXT PRIMARY KEY,
  bytes       INTEGER NOT NULL,
  path        TEXT NOT NULL,
  device_id   TEXT,
  verified_at TEXT NOT NULL
);
