-- PostgreSQL twin of sqlite/0030: the rooms band (1, 2, 3, 4 and more), written with the listing, in the search
-- indexes' key before the publication order, the other filtered columns carried along (INCLUDE) for an index-only scan.
ALTER TABLE market_listings ADD COLUMN rooms_band BIGINT NOT NULL DEFAULT 0;
UPDATE market_listings SET rooms_band = LEAST(rooms, 4);
CREATE INDEX market_listings_search_by_rooms ON market_listings (status, district_code, rooms_band, published_at, id) INCLUDE (kind, price_fen, area_dm2);
CREATE INDEX market_listings_search_by_rooms_all ON market_listings (status, rooms_band, published_at, id) INCLUDE (district_code, kind, price_fen, area_dm2);
