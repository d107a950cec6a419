-- At the city, how each county's data comes (logical replication or the HTTPS pull) and, for a replicated
-- county, how far its replication slot is behind. An office on SQLite only pulls; the columns keep both
-- backends' schema alike.
ALTER TABLE county_links ADD COLUMN mode TEXT NOT NULL DEFAULT 'pull';
ALTER TABLE county_links ADD COLUMN replication_state TEXT;
ALTER TABLE county_links ADD COLUMN wal_lag_bytes INTEGER;
ALTER TABLE county_links ADD COLUMN replication_seen_at TEXT;
