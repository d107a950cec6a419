-- The city–county platform's statistics (SQLite twin of postgres/0025).

-- Every change of a contract filing's or listing's status and every permit issued or revoked, journalled by
-- triggers in the writing transaction (SQLite's one write lock numbers them in commit order): the
-- statistics read it after a checkpoint, so nothing the market writes is missed or read twice.
CREATE TABLE market_changes (
  seq           INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  row_id        TEXT NOT NULL,
  before_status TEXT,
  body          TEXT NOT NULL
);

CREATE TRIGGER market_filings_journal_insert AFTER INSERT ON market_filings BEGIN
  INSERT INTO market_changes (seq, kind, row_id, before_status, body) VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM market_changes), 'filing', NEW.id, NULL,
    json_object('status', NEW.status, 'filedOn', NEW.filed_on, 'areaDm2', NEW.area_dm2, 'totalFen', NEW.total_fen,
      'use', (SELECT u.use FROM market_units u WHERE u.unit_number = NEW.unit_number)));
END;
CREATE TRIGGER market_filings_journal_update AFTER UPDATE OF status ON market_filings WHEN OLD.status <> NEW.status BEGIN
  INSERT INTO market_changes (seq, kind, row_id, before_status, body) VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM market_changes), 'filing', NEW.id, OLD.status,
    json_object('status', NEW.status, 'filedOn', NEW.filed_on, 'areaDm2', NEW.area_dm2, 'totalFen', NEW.total_fen,
      'use', (SELECT u.use FROM market_units u WHERE u.unit_number = NEW.unit_number)));
END;

CREATE TRIGGER market_listings_journal_insert AFTER INSERT ON market_listings BEGIN
  INSERT INTO market_changes (seq, kind, row_id, before_status, body) VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM market_changes), 'listing', NEW.id, NULL,
    json_object('status', NEW.status, 'listingKind', NEW.kind, 'endReason', NEW.end_reason, 'endedOn', NEW.ended_on,
      'areaDm2', NEW.area_dm2, 'priceFen', NEW.price_fen, 'use', NEW.use));
END;
CREATE TRIGGER market_listings_journal_update AFTER UPDATE OF status ON market_listings WHEN OLD.status <> NEW.status BEGIN
  INSERT INTO market_changes (seq, kind, row_id, before_status, body) VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM market_changes), 'listing', NEW.id, OLD.status,
    json_object('status', NEW.status, 'listingKind', NEW.kind, 'endReason', NEW.end_reason, 'endedOn', NEW.ended_on,
      'areaDm2', NEW.area_dm2, 'priceFen', NEW.price_fen, 'use', NEW.use));
END;

CREATE TRIGGER market_permits_journal_insert AFTER INSERT ON market_permits BEGIN
  INSERT INTO market_changes (seq, kind, row_id, before_status, body)
    SELECT (SELECT coalesce(max(seq), 0) + 1 FROM market_changes), 'permit', NEW.id, NULL,
      json_object('issuedOn', NEW.issued_on, 'revokedOn', NEW.revoked_on, 'units', count(*), 'areaDm2', coalesce(sum(u.area_dm2), 0))
    FROM market_units u WHERE u.building_id IN (SELECT value FROM json_each(NEW.building_ids));
END;
CREATE TRIGGER market_permits_journal_update AFTER UPDATE OF revoked_on ON market_permits WHEN OLD.revoked_on IS NOT NEW.revoked_on BEGIN
  INSERT INTO market_changes (seq, kind, row_id, before_status, body)
    SELECT (SELECT coalesce(max(seq), 0) + 1 FROM market_changes), 'permit', NEW.id, CASE WHEN OLD.revoked_on IS NULL THEN 'in-force' ELSE 'revoked' END,
      json_object('issuedOn', NEW.issued_on, 'revokedOn', NEW.revoked_on, 'units', count(*), 'areaDm2', coalesce(sum(u.area_dm2), 0))
    FROM market_units u WHERE u.building_id IN (SELECT value FROM json_each(NEW.building_ids));
END;

-- What the market held before the journal existed, journalled once as if it had just been written.
INSERT INTO market_changes (seq, kind, row_id, before_status, body)
  SELECT row_number() OVER (ORDER BY k, at, id), kind, id, NULL, body FROM (
    SELECT 1 AS k, f.filed_at AS at, f.id, 'filing' AS kind,
      json_object('status', f.status, 'filedOn', f.filed_on, 'areaDm2', f.area_dm2, 'totalFen', f.total_fen,
        'use', (SELECT u.use FROM market_units u WHERE u.unit_number = f.unit_number)) AS body
      FROM market_filings f
    UNION ALL
    SELECT 2, l.submitted_at, l.id, 'listing',
      json_object('status', l.status, 'listingKind', l.kind, 'endReason', l.end_reason, 'endedOn', l.ended_on,
        'areaDm2', l.area_dm2, 'priceFen', l.price_fen, 'use', l.use)
      FROM market_listings l
    UNION ALL
    SELECT 3, p.recorded_at, p.id, 'permit',
      (SELECT json_object('issuedOn', p.issued_on, 'revokedOn', p.revoked_on, 'units', count(*), 'areaDm2', coalesce(sum(u.area_dm2), 0))
         FROM market_units u WHERE u.building_id IN (SELECT value FROM json_each(p.building_ids)))
      FROM market_permits p
  ) AS existing;

-- Each fact once per office (`source` names the record it came from); `seq` is the order a county serves them
-- to the city in, assigned under a lock held until commit.
CREATE TABLE stat_facts (
  seq         INTEGER PRIMARY KEY,
  office_code TEXT NOT NULL,
  source      TEXT NOT NULL,
  month       TEXT NOT NULL,
  kind        TEXT NOT NULL,
  use         TEXT NOT NULL,
  measures    TEXT NOT NULL,
  UNIQUE (office_code, source)
);
CREATE INDEX stat_facts_by_office ON stat_facts (office_code, seq);

-- The statistics themselves: the sum of the facts, kept by adding each fact as it is stored.
CREATE TABLE stat_months (
  office_code          TEXT   NOT NULL,
  month                TEXT   NOT NULL,
  kind                 TEXT   NOT NULL,
  use                  TEXT   NOT NULL,
  registrations        INTEGER NOT NULL,
  registered_units     INTEGER NOT NULL,
  fee_fen              INTEGER NOT NULL,
  new_home_count       INTEGER NOT NULL,
  new_home_area_dm2    INTEGER NOT NULL,
  new_home_fen         INTEGER NOT NULL,
  second_hand_count    INTEGER NOT NULL,
  second_hand_area_dm2 INTEGER NOT NULL,
  second_hand_fen      INTEGER NOT NULL,
  supply_units         INTEGER NOT NULL,
  supply_area_dm2      INTEGER NOT NULL,
  PRIMARY KEY (office_code, month, kind, use)
);
CREATE INDEX stat_months_by_month ON stat_months (month, office_code);

-- How far each reader has read its source: the office's own case events and market journal, and at the city
-- each county's facts and events.
CREATE TABLE stat_checkpoints (
  source     TEXT PRIMARY KEY,
  checkpoint INTEGER NOT NULL
);

-- At the city: each county's link, how far the city has read it and, as the county last said, how far it had got.
CREATE TABLE county_links (
  code            TEXT PRIMARY KEY,
  last_attempt_at TEXT,
  last_ok_at      TEXT,
  last_error      TEXT,
  facts_read      INTEGER NOT NULL,
  facts_head      INTEGER NOT NULL,
  events_read     INTEGER NOT NULL,
  events_pending  INTEGER NOT NULL
);

-- At the city: every county device's event chain, re-verified link by link.
CREATE TABLE county_chain_links (
  county_code TEXT   NOT NULL,
  device_id   TEXT   NOT NULL,
  seq         INTEGER NOT NULL,
  event_id    TEXT   NOT NULL,
  hash        TEXT   NOT NULL,
  prev_hash   TEXT,
  PRIMARY KEY (county_code, device_id, seq, event_id)
);
CREATE TABLE county_chains (
  county_code TEXT   NOT NULL,
  device_id   TEXT   NOT NULL,
  seq         INTEGER NOT NULL,
  hash        TEXT,
  state       TEXT   NOT NULL,
  detail      TEXT,
  checked_at  TEXT   NOT NULL,
  PRIMARY KEY (county_code, device_id)
);
