-- The public search's rooms filter is 1, 2, 3 or "4 and more": rooms_band is the rooms capped at 4, written with
-- the listing (rooms never change after). With the band in the index key before the publication order, a search by
-- rooms walks only the listings of its band, newest first, instead of every listing of the district. A plain column,
-- not a generated one: SQLite reads the table row for a virtual column, so the index would no longer cover the search.
ALTER TABLE market_listings ADD COLUMN rooms_band INTEGER NOT NULL DEFAULT 0;
UPDATE market_listings SET rooms_band = min(rooms, 4);
CREATE INDEX market_listings_search_by_rooms ON market_listings (status, district_code, rooms_band, published_at, id, kind, price_fen, area_dm2);
CREATE INDEX market_listings_search_by_rooms_all ON market_listings (status, rooms_band, published_at, id, district_code, kind, price_fen, area_dm2);
