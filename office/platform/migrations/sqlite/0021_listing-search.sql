-- The public listings search reads published listings newest first and filters them by district, type, price,
-- area and rooms. These indexes carry every filtered column after the order, so a listing that fails a filter
-- costs one index entry instead of a table row: a narrow search in a large market reads a few thousand small
-- entries, not a few thousand rows. They replace the two order-only indexes of 0009_market.
DROP INDEX market_listings_by_status;
DROP INDEX market_listings_by_district;
CREATE INDEX market_listings_search ON market_listings (status, published_at, id, district_code, kind, price_fen, area_dm2, rooms);
CREATE INDEX market_listings_search_by_district ON market_listings (status, district_code, published_at, id, kind, price_fen, area_dm2, rooms);
