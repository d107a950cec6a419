-- The public listings search, PostgreSQL twin of sqlite/0021: the filtered columns ride along in the index
-- (INCLUDE), so the page is chosen by an index-only scan and only its rows are read from the table.
DROP INDEX market_listings_by_status;
DROP INDEX market_listings_by_district;
CREATE INDEX market_listings_search ON market_listings (status, published_at, id) INCLUDE (district_code, kind, price_fen, area_dm2, rooms);
CREATE INDEX market_listings_search_by_district ON market_listings (status, district_code, published_at, id) INCLUDE (kind, price_fen, area_dm2, rooms);
