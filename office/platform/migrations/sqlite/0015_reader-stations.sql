-- Reader stations: a computer with an ID card reader (a counter, a self-service kiosk) whose agent connects out
-- to the office with its own token. Only the token's hash is kept. A station is revoked, never removed.
CREATE TABLE reader_stations (
  id          TEXT NOT NULL PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('counter', 'kiosk')),
  token_hash  TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  revoked_at  TEXT
);

-- One card read asked of a station: pending until its agent takes it, then done (the card's text) or failed
-- (the reader's reason). Kept as the record of which card was read where, for whom.
CREATE TABLE reader_station_reads (
  id            TEXT NOT NULL PRIMARY KEY,
  station_id    TEXT NOT NULL REFERENCES reader_stations (id),
  requested_by  TEXT NOT NULL,
  requested_at  TEXT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('pending', 'taken', 'done', 'failed')),
  taken_at      TEXT,
  finished_at   TEXT,
  card          TEXT,
  failure       TEXT
);
CREATE INDEX reader_station_reads_waiting ON reader_station_reads (station_id, state, requested_at);
