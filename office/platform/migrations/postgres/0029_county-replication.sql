-- PostgreSQL twin of sqlite/0029_county-replication.sql.
-- At the city, how each county's data comes (logical replication or the HTTPS pull) and, for a replicated
-- county, how far its replication slot is behind: the bytes of WAL the county has written past what the city
-- confirmed, the subscription's state and when the city last heard from the county's WAL sender.
ALTER TABLE county_links ADD COLUMN mode TEXT NOT NULL DEFAULT 'pull';
ALTER TABLE county_links ADD COLUMN replication_state TEXT;
ALTER TABLE county_links ADD COLUMN wal_lag_bytes BIGINT;
ALTER TABLE county_links ADD COLUMN replication_seen_at TEXT;
