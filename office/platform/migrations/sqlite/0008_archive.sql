-- The archive (电子档案): the unit register, its indexes, lawful queries, page images, legacy imports and
-- the ID card reader stations. Office-only: nothing here replicates; vans get unit snapshots built from it.

-- Every register entry, one hash chain per unit (domain/register). Never updated or deleted.
CREATE TABLE archive_entries (
  unit_number TEXT    NOT NULL,
  seq         INTEGER NOT NULL,
  id          TEXT    NOT NULL UNIQUE,
  kind        TEXT    NOT NULL,
  body        TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  PRIMARY KEY (unit_number, seq)
) WITHOUT ROWID;

-- One row per unit in the register: its chain head, what the lookups search by, and the next day its status
-- changes by time alone (a seizure's period ends), when its snapshot must be rebuilt.
CREATE TABLE archive_units (
  unit_number    TEXT PRIMARY KEY,
  building_key   TEXT    NOT NULL,
  head_seq       INTEGER NOT NULL,
  head_hash      TEXT    NOT NULL,
  address        TEXT    NOT NULL,
  certificate    TEXT    NOT NULL,
  next_change_on TEXT
) WITHOUT ROWID;
CREATE INDEX archive_units_by_change ON archive_units (next_change_on);
CREATE INDEX archive_units_by_building ON archive_units (building_key);
CREATE INDEX archive_units_by_address ON archive_units (address);
CREATE INDEX archive_units_by_certificate ON archive_units (certificate);

-- Current holders by ID number (18 digits), for 有房/无房 and holder queries; rebuilt per unit on every append.
CREATE TABLE archive_holders (
  id_number   TEXT NOT NULL,
  unit_number TEXT NOT NULL,
  PRIMARY KEY (id_number, unit_number)
) WITHOUT ROWID;
CREATE INDEX archive_holders_by_unit ON archive_holders (unit_number);

-- The intake of each case as last accepted, read from the replicated case events, so a 登簿 can be entered
-- into the register without reading every case.
CREATE TABLE archive_case_intakes (
  case_id     TEXT PRIMARY KEY,
  case_number TEXT    NOT NULL,
  intake      TEXT    NOT NULL,
  is_open     INTEGER NOT NULL
) WITHOUT ROWID;

-- Which units each case names (open cases of a unit: 在办, and the cases a seizure flags).
CREATE TABLE archive_case_units (
  unit_number TEXT NOT NULL,
  case_id     TEXT NOT NULL,
  PRIMARY KEY (unit_number, case_id)
) WITHOUT ROWID;

-- How far the archive has read a stream (the office's document sequence of case events).
CREATE TABLE archive_cursors (
  name     TEXT PRIMARY KEY,
  position INTEGER NOT NULL
);

-- Work a register change leaves for after its commit (unit snapshots for vans, case flags): written in the
-- same transaction as the entries, removed when done, so a crash in between loses nothing.
CREATE TABLE archive_outbox (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT NOT NULL,
  unit_number TEXT NOT NULL,
  payload     TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

-- Every query, refusal, certificate and court act, as a hash chain (the archive's audit trail).
CREATE TABLE archive_audit (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  subject   TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT,
  hash      TEXT NOT NULL
);

-- Issued 查询结果证明 and 有房/无房 certificates: what they say, and the hash of the PDF as issued.
CREATE TABLE archive_certificates (
  id           TEXT PRIMARY KEY,
  kind         TEXT NOT NULL,
  issued_at    TEXT NOT NULL,
  issued_by    TEXT NOT NULL,
  audit_seq    INTEGER NOT NULL,
  content      TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  pdf_sha256   TEXT NOT NULL
);

CREATE TABLE archive_secrets (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Page images of case materials, imported historic files and photos of the house, by content hash on disk.
CREATE TABLE archive_pages (
  id          TEXT PRIMARY KEY,
  owner_kind  TEXT    NOT NULL,
  owner_id    TEXT    NOT NULL,
  unit_number TEXT,
  position    INTEGER NOT NULL,
  label       TEXT    NOT NULL,
  sha256      TEXT    NOT NULL,
  width       INTEGER NOT NULL,
  height      INTEGER NOT NULL,
  added_by    TEXT    NOT NULL,
  added_at    TEXT    NOT NULL
);
CREATE INDEX archive_pages_by_owner ON archive_pages (owner_kind, owner_id, position);
CREATE INDEX archive_pages_by_unit ON archive_pages (unit_number, owner_kind);

-- Legacy imports (ledger files and scanned pages): what was asked, how far it got, and every problem.
CREATE TABLE archive_imports (
  id         TEXT PRIMARY KEY,
  kind       TEXT    NOT NULL,
  file_name  TEXT    NOT NULL,
  mode       TEXT    NOT NULL,
  status     TEXT    NOT NULL,
  created_by TEXT    NOT NULL,
  created_at TEXT    NOT NULL,
  finished_at TEXT,
  total      INTEGER NOT NULL,
  imported   INTEGER NOT NULL,
  problems   TEXT    NOT NULL
);

-- ID card reader stations (a kiosk or a counter PC with a reader), each with its agent's token.
CREATE TABLE archive_stations (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

-- A card read asked of a station, and what its agent answered.
CREATE TABLE archive_reader_requests (
  id          TEXT PRIMARY KEY,
  station_id  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  status      TEXT NOT NULL,
  identity    TEXT,
  error       TEXT,
  finished_at TEXT
);
CREATE INDEX archive_reader_requests_by_station ON archive_reader_requests (station_id, status, created_at);
