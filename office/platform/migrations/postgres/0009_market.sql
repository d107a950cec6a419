-- Contract filing (商品房合同网上备案) and the trading market (交易信息发布), PostgreSQL twin of sqlite/0009.
-- Office-only: nothing here replicates
-- to vans; the portals' own accounts live here, apart from the office staff documents vans pull.

-- Developers, banks and agencies that use the portals.
CREATE TABLE market_orgs (
  id          TEXT PRIMARY KEY,
  kind        TEXT    NOT NULL,
  name        TEXT    NOT NULL,
  credit_code TEXT    NOT NULL UNIQUE,
  active      BIGINT NOT NULL,
  created_by  TEXT    NOT NULL,
  created_at  TEXT    NOT NULL
);
CREATE INDEX market_orgs_by_kind ON market_orgs (kind, name);

-- Their people's logins and roles (JSON array), with the same password hashing as office staff.
CREATE TABLE market_accounts (
  id            TEXT PRIMARY KEY,
  org_id        TEXT    NOT NULL REFERENCES market_orgs (id),
  login         TEXT    NOT NULL UNIQUE,
  name          TEXT    NOT NULL,
  roles         TEXT    NOT NULL,
  password_hash TEXT    NOT NULL,
  active        BIGINT NOT NULL,
  updated_at    TEXT    NOT NULL
);
CREATE INDEX market_accounts_by_org ON market_accounts (org_id, login);

-- Portal sessions by token hash; ended on logout, on deactivation and on a password or role change.
CREATE TABLE market_sessions (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ended_at   TEXT
);
CREATE INDEX market_sessions_by_account ON market_sessions (account_id);

-- The building table (楼盘表): projects, buildings, units, and the permits that allow their sale.
CREATE TABLE market_projects (
  id            TEXT PRIMARY KEY,
  developer_id  TEXT NOT NULL REFERENCES market_orgs (id),
  name          TEXT NOT NULL,
  district_code TEXT NOT NULL,
  address       TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX market_projects_by_developer ON market_projects (developer_id, name);
CREATE INDEX market_projects_by_district ON market_projects (district_code, name);

CREATE TABLE market_buildings (
  id         TEXT PRIMARY KEY,
  project_id TEXT    NOT NULL REFERENCES market_projects (id),
  name       TEXT    NOT NULL,
  floors     BIGINT NOT NULL
);
CREATE INDEX market_buildings_by_project ON market_buildings (project_id, name);

CREATE TABLE market_units (
  unit_number     TEXT PRIMARY KEY,
  project_id      TEXT    NOT NULL REFERENCES market_projects (id),
  building_id     TEXT    NOT NULL REFERENCES market_buildings (id),
  floor           BIGINT NOT NULL,
  room            TEXT    NOT NULL,
  use             TEXT    NOT NULL,
  area_dm2        BIGINT NOT NULL,
  rooms           BIGINT NOT NULL,
  halls           BIGINT NOT NULL,
  list_fen_per_m2 BIGINT,
  withheld        BIGINT NOT NULL
);
CREATE INDEX market_units_by_project ON market_units (project_id, building_id, floor, room);

CREATE TABLE market_permits (
  id           TEXT PRIMARY KEY,
  project_id   TEXT NOT NULL REFERENCES market_projects (id),
  kind         TEXT NOT NULL,
  number       TEXT NOT NULL UNIQUE,
  authority    TEXT NOT NULL,
  issued_on    TEXT NOT NULL,
  building_ids TEXT NOT NULL,
  revoked_on   TEXT,
  recorded_by  TEXT NOT NULL,
  recorded_at  TEXT NOT NULL
);
CREATE INDEX market_permits_by_project ON market_permits (project_id);

-- The office's sequence of contract numbers, per year.
CREATE TABLE market_contract_numbers (
  year     BIGINT PRIMARY KEY,
  last_seq BIGINT NOT NULL
);

-- Contracts drafted on the developer portal, before and after they are filed.
CREATE TABLE market_drafts (
  id              TEXT PRIMARY KEY,
  contract_number TEXT NOT NULL UNIQUE,
  developer_id    TEXT NOT NULL,
  unit_number     TEXT NOT NULL,
  body            TEXT NOT NULL,
  status          TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX market_drafts_by_developer ON market_drafts (developer_id, status, updated_at);

-- Filed contracts: the current status and sums of each (its history is market_filing_events).
CREATE TABLE market_filings (
  id              TEXT PRIMARY KEY,
  contract_number TEXT    NOT NULL UNIQUE,
  unit_number     TEXT    NOT NULL,
  project_id      TEXT    NOT NULL,
  developer_id    TEXT    NOT NULL,
  district_code   TEXT    NOT NULL,
  status          TEXT    NOT NULL,
  seq             BIGINT NOT NULL,
  total_fen       BIGINT NOT NULL,
  area_dm2        BIGINT NOT NULL,
  filed_at        TEXT    NOT NULL,
  filed_on        TEXT    NOT NULL,
  ended_on        TEXT
);
-- One house, one filing (《城市房地产管理法》第四十五条): at most one active filing per unit, held by the
-- database itself, so two contracts filed at the same instant on two office servers cannot both stand.
CREATE UNIQUE INDEX market_filings_one_active ON market_filings (unit_number) WHERE status = 'active';
CREATE INDEX market_filings_by_unit ON market_filings (unit_number, filed_at);
CREATE INDEX market_filings_by_developer ON market_filings (developer_id, filed_at);
CREATE INDEX market_filings_by_project ON market_filings (project_id, status);
CREATE INDEX market_filings_by_day ON market_filings (filed_on, status);

-- Every event of every filing, who did it and why; never updated or deleted.
CREATE TABLE market_filing_events (
  filing_id TEXT    NOT NULL,
  seq       BIGINT NOT NULL,
  kind      TEXT    NOT NULL,
  body      TEXT    NOT NULL,
  actor     TEXT    NOT NULL,
  at        TEXT    NOT NULL,
  PRIMARY KEY (filing_id, seq)
);

-- Banks that looked a filing up or hold its 预抵押, and what they are told when it changes.
CREATE TABLE market_bank_watches (
  bank_id   TEXT NOT NULL,
  filing_id TEXT NOT NULL,
  since     TEXT NOT NULL,
  PRIMARY KEY (bank_id, filing_id)
);
CREATE INDEX market_bank_watches_by_filing ON market_bank_watches (filing_id);

CREATE TABLE market_bank_notices (
  id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  bank_id         TEXT    NOT NULL,
  filing_id       TEXT    NOT NULL,
  contract_number TEXT    NOT NULL,
  seq             BIGINT NOT NULL,
  kind            TEXT    NOT NULL,
  at              TEXT    NOT NULL,
  read_at         TEXT,
  UNIQUE (bank_id, filing_id, seq)
);
CREATE INDEX market_bank_notices_by_bank ON market_bank_notices (bank_id, id);

-- Listings of the trading market. Sellers (JSON) are kept for the checks and never shown publicly.
CREATE TABLE market_listings (
  id            TEXT PRIMARY KEY,
  kind          TEXT    NOT NULL,
  unit_number   TEXT    NOT NULL,
  source_kind   TEXT    NOT NULL,
  source_org_id TEXT,
  source_name   TEXT    NOT NULL,
  sellers       TEXT    NOT NULL,
  district_code TEXT    NOT NULL,
  place         TEXT    NOT NULL,
  area_dm2      BIGINT NOT NULL,
  price_fen     BIGINT NOT NULL,
  use           TEXT    NOT NULL,
  rooms         BIGINT NOT NULL,
  halls         BIGINT NOT NULL,
  floor         BIGINT NOT NULL,
  total_floors  BIGINT NOT NULL,
  description   TEXT    NOT NULL,
  status        TEXT    NOT NULL,
  code          TEXT UNIQUE,
  submitted_by  TEXT    NOT NULL,
  submitted_at  TEXT    NOT NULL,
  published_at  TEXT,
  ended_at      TEXT,
  ended_on      TEXT,
  end_reason    TEXT
);
-- One live listing per home: the same flat is not offered twice.
CREATE UNIQUE INDEX market_listings_one_live ON market_listings (unit_number) WHERE status IN ('verifying', 'published');
CREATE INDEX market_listings_by_status ON market_listings (status, published_at, id);
CREATE INDEX market_listings_by_district ON market_listings (status, district_code, published_at, id);
CREATE INDEX market_listings_by_source ON market_listings (source_org_id, submitted_at);
CREATE INDEX market_listings_queue ON market_listings (status, submitted_at);
CREATE INDEX market_listings_by_end ON market_listings (end_reason, ended_on);

-- The automatic checks and the staff's item-by-item verification of each listing.
CREATE TABLE market_listing_checks (
  listing_id TEXT    NOT NULL,
  seq        BIGINT NOT NULL,
  source     TEXT    NOT NULL,
  item       TEXT    NOT NULL,
  ok         BIGINT NOT NULL,
  note       TEXT    NOT NULL,
  staff_id   TEXT,
  at         TEXT    NOT NULL,
  PRIMARY KEY (listing_id, seq)
);

-- Work a change leaves for after its commit (a unit's listings brought in line with its sale status, the
-- filing status written into the register): written in the change's transaction, removed when done.
CREATE TABLE market_outbox (
  id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  kind        TEXT NOT NULL,
  unit_number TEXT NOT NULL,
  payload     TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
