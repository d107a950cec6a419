-- The building layer of the map query and the expropriation cost tables. Office-only: nothing here replicates.

CREATE TABLE map_districts (
  code     TEXT PRIMARY KEY,
  name     TEXT NOT NULL,
  polygon  TEXT NOT NULL
);

CREATE TABLE map_parcels (
  id            TEXT PRIMARY KEY,
  district_code TEXT NOT NULL,
  zone          TEXT NOT NULL,
  polygon       TEXT NOT NULL
);

CREATE TABLE map_buildings (
  id             TEXT PRIMARY KEY,
  parcel_id      TEXT NOT NULL,
  district_code  TEXT NOT NULL,
  address        TEXT NOT NULL,
  use            TEXT NOT NULL,
  zone           TEXT NOT NULL,
  floors         INTEGER NOT NULL,
  floor_area_dm2 INTEGER NOT NULL,
  unit_ids       TEXT NOT NULL,
  footprint      TEXT NOT NULL
);
CREATE INDEX map_buildings_by_parcel ON map_buildings (parcel_id);

CREATE TABLE map_streets (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  street_class TEXT NOT NULL,
  line         TEXT NOT NULL
);

-- Every status decision ever recorded, append-only; a building's status is its latest. `seq` lets each office
-- server bring its in-memory copy up to date by reading only what is newer.
CREATE TABLE map_status_decisions (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  building_id    TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('registered', 'unregistered', 'temporary', 'illegal')),
  decided_by     TEXT NOT NULL,
  decided_on     TEXT NOT NULL,
  basis          TEXT NOT NULL,
  approved_until TEXT,
  recorded_by    TEXT NOT NULL,
  recorded_at    TEXT NOT NULL
);
CREATE INDEX map_status_decisions_by_building ON map_status_decisions (building_id, seq);

-- One row per layer import; the latest id tells a server its copy of the geometry is stale.
CREATE TABLE map_layer_imports (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  source      TEXT NOT NULL,
  counts      TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL
);

-- The cost tables, one row per version, never updated: the history is the audit of who changed what and when.
CREATE TABLE map_cost_tables (
  version         INTEGER PRIMARY KEY AUTOINCREMENT,
  tables          TEXT NOT NULL,
  changed_by      TEXT NOT NULL,
  changed_by_name TEXT NOT NULL,
  changed_at      TEXT NOT NULL,
  note            TEXT NOT NULL
);
