-- The city–county platform's statistics (PostgreSQL twin of sqlite/0025).

-- Every change of a contract filing's or listing's status and every permit issued or revoked, journalled by
-- triggers in the writing transaction, numbered in commit order (the advisory lock is held until commit):
-- the statistics read it after a checkpoint, so nothing the market writes is missed or read twice.
CREATE TABLE market_changes (
  seq           BIGINT PRIMARY KEY,
  kind          TEXT NOT NULL,
  row_id        TEXT NOT NULL,
  before_status TEXT,
  body          TEXT NOT NULL
);

CREATE FUNCTION market_change_journal(change_kind TEXT, change_row TEXT, change_before TEXT, change_body TEXT) RETURNS void AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('market-changes-seq', 0));
  INSERT INTO market_changes (seq, kind, row_id, before_status, body)
    SELECT coalesce(max(seq), 0) + 1, change_kind, change_row, change_before, change_body FROM market_changes;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION market_filings_journal() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = NEW.status THEN RETURN NEW; END IF;
  PERFORM market_change_journal('filing', NEW.id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END,
    json_build_object('status', NEW.status, 'filedOn', NEW.filed_on, 'areaDm2', NEW.area_dm2, 'totalFen', NEW.total_fen,
      'use', (SELECT u.use FROM market_units u WHERE u.unit_number = NEW.unit_number))::text);
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER market_filings_journal AFTER INSERT OR UPDATE ON market_filings FOR EACH ROW EXECUTE FUNCTION market_filings_journal();

CREATE FUNCTION market_listings_journal() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = NEW.status THEN RETURN NEW; END IF;
  PERFORM market_change_journal('listing', NEW.id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END,
    json_build_object('status', NEW.status, 'listingKind', NEW.kind, 'endReason', NEW.end_reason, 'endedOn', NEW.ended_on,
      'areaDm2', NEW.area_dm2, 'priceFen', NEW.price_fen, 'use', NEW.use)::text);
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER market_listings_journal AFTER INSERT OR UPDATE ON market_listings FOR EACH ROW EXECUTE FUNCTION market_listings_journal();

CREATE FUNCTION market_permits_journal() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.revoked_on IS NOT DISTINCT FROM NEW.revoked_on THEN RETURN NEW; END IF;
  PERFORM market_change_journal('permit', NEW.id,
    CASE WHEN TG_OP = 'UPDATE' AND OLD.revoked_on IS NULL THEN 'in-force' WHEN TG_OP = 'UPDATE' THEN 'revoked' END,
    (SELECT json_build_object('issuedOn', NEW.issued_on, 'revokedOn', NEW.revoked_on, 'units', count(*), 'areaDm2', coalesce(sum(u.area_dm2), 0))::text
       FROM market_units u WHERE u.building_id IN (SELECT json_array_elements_text(NEW.building_ids::json))));
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER market_permits_journal AFTER INSERT OR UPDATE ON market_permits FOR EACH ROW EXECUTE FUNCTION market_permits_journal();

-- What the market held before the journal existed, journalled once as if it had just been written.
INSERT INTO market_changes (seq, kind, row_id, before_status, body)
  SELECT row_number() OVER (ORDER BY k, at, id), kind, id, NULL, body FROM (
    SELECT 1 AS k, f.filed_at AS at, f.id, 'filing' AS kind,
      json_build_object('status', f.status, 'filedOn', f.filed_on, 'areaDm2', f.area_dm2, 'totalFen', f.total_fen,
        'use', (SELECT u.use FROM market_units u WHERE u.unit_number = f.unit_number))::text AS body
      FROM market_filings f
    UNION ALL
    SELECT 2, l.submitted_at, l.id, 'listing',
      json_build_object('status', l.status, 'listingKind', l.kind, 'endReason', l.end_reason, 'endedOn', l.ended_on,
        'areaDm2', l.area_dm2, 'priceFen', l.price_fen, 'use', l.use)::text
      FROM market_listings l
    UNION ALL
    SELECT 3, p.recorded_at, p.id, 'permit',
      (SELECT json_build_object('issuedOn', p.issued_on, 'revokedOn', p.revoked_on, 'units', count(*), 'areaDm2', coalesce(sum(u.area_dm2), 0))::text
         FROM market_units u WHERE u.building_id IN (SELECT json_array_elements_text(p.building_ids::json)))
      FROM market_permits p
  ) AS existing;

-- Each fact once per office (`source` names the record it came from); `seq` is the order a county serves them
-- to the city in, assigned under a lock held until commit.
CREATE TABLE stat_facts (
  seq         BIGINT PRIMARY KEY,
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
  registrations        BIGINT NOT NULL,
  registered_units     BIGINT NOT NULL,
  fee_fen              BIGINT NOT NULL,
  new_home_count       BIGINT NOT NULL,
  new_home_area_dm2    BIGINT NOT NULL,
  new_home_fen         BIGINT NOT NULL,
  second_hand_count    BIGINT NOT NULL,
  second_hand_area_dm2 BIGINT NOT NULL,
  second_hand_fen      BIGINT NOT NULL,
  supply_units         BIGINT NOT NULL,
  supply_area_dm2      BIGINT NOT NULL,
  PRIMARY KEY (office_code, month, kind, use)
);
CREATE INDEX stat_months_by_month ON stat_months (month, office_code);

-- How far each reader has read its source: the office's own case events and market journal, and at the city
-- each county's facts and events.
CREATE TABLE stat_checkpoints (
  source     TEXT PRIMARY KEY,
  checkpoint BIGINT NOT NULL
);

-- At the city: each county's link, how far the city has read it and, as the county last said, how far it had got.
CREATE TABLE county_links (
  code            TEXT PRIMARY KEY,
  last_attempt_at TEXT,
  last_ok_at      TEXT,
  last_error      TEXT,
  facts_read      BIGINT NOT NULL,
  facts_head      BIGINT NOT NULL,
  events_read     BIGINT NOT NULL,
  events_pending  BIGINT NOT NULL
);

-- At the city: every county device's event chain, re-verified link by link.
CREATE TABLE county_chain_links (
  county_code TEXT   NOT NULL,
  device_id   TEXT   NOT NULL,
  seq         BIGINT NOT NULL,
  event_id    TEXT   NOT NULL,
  hash        TEXT   NOT NULL,
  prev_hash   TEXT,
  PRIMARY KEY (county_code, device_id, seq, event_id)
);
CREATE TABLE county_chains (
  county_code TEXT   NOT NULL,
  device_id   TEXT   NOT NULL,
  seq         BIGINT NOT NULL,
  hash        TEXT,
  state       TEXT   NOT NULL,
  detail      TEXT,
  checked_at  TEXT   NOT NULL,
  PRIMARY KEY (county_code, device_id)
);
