-- PostgreSQL twin of sqlite/0016_sales-office-stations.sql. A reader station may stand at an organisation's sales
-- office (a developer's): its reads are asked only by that organisation's portal, and the office's own counters never
-- see it. NULL: a station of the office itself.
ALTER TABLE reader_stations ADD COLUMN org_id TEXT REFERENCES market_orgs (id);
CREATE INDEX reader_stations_by_org ON reader_stations (org_id);
