-- PostgreSQL twin of sqlite/0035_listing-band-counts.sql: how many published listings each band of the search holds,
-- per district ('' for every district) and dimension, kept by a trigger in the transaction that publishes, ends or
-- removes a listing. The counts only choose which index a search walks, never what it finds.
CREATE TABLE market_listing_bands (
  district_code TEXT NOT NULL,
  dimension     TEXT NOT NULL CHECK (dimension IN ('price', 'area', 'rooms')),
  band          BIGINT NOT NULL,
  listings      BIGINT NOT NULL,
  PRIMARY KEY (district_code, dimension, band)
);

INSERT INTO market_listing_bands (district_code, dimension, band, listings)
  SELECT district_code, dimension, band, count(*) FROM (
    SELECT district_code, 'price' AS dimension, price_band AS band FROM market_listings WHERE status = 'published'
    UNION ALL SELECT '', 'price', price_band FROM market_listings WHERE status = 'published'
    UNION ALL SELECT district_code, 'area', area_band FROM market_listings WHERE status = 'published'
    UNION ALL SELECT '', 'area', area_band FROM market_listings WHERE status = 'published'
    UNION ALL SELECT district_code, 'rooms', rooms_band FROM market_listings WHERE status = 'published'
    UNION ALL SELECT '', 'rooms', rooms_band FROM market_listings WHERE status = 'published'
  ) AS published GROUP BY district_code, dimension, band;

-- Two servers may publish or end listings at once: each first takes the lock the market's journal already takes
-- for every listing written (0025_city-statistics, market_change_journal), so the rows of this table are updated
-- by one transaction at a time and two cannot wait on each other's rows.
CREATE FUNCTION market_listing_bands_count() RETURNS trigger AS $$
BEGIN
  IF NOT ((TG_OP <> 'INSERT' AND OLD.status = 'published') OR (TG_OP <> 'DELETE' AND NEW.status = 'published')) THEN RETURN NULL; END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('market-changes-seq', 0));
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'published' THEN
    UPDATE market_listing_bands SET listings = listings - 1
      WHERE district_code IN (OLD.district_code, '')
        AND ((dimension = 'price' AND band = OLD.price_band) OR (dimension = 'area' AND band = OLD.area_band) OR (dimension = 'rooms' AND band = OLD.rooms_band));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'published' THEN
    INSERT INTO market_listing_bands (district_code, dimension, band, listings) VALUES
      (NEW.district_code, 'price', NEW.price_band, 1), ('', 'price', NEW.price_band, 1),
      (NEW.district_code, 'area', NEW.area_band, 1), ('', 'area', NEW.area_band, 1),
      (NEW.district_code, 'rooms', NEW.rooms_band, 1), ('', 'rooms', NEW.rooms_band, 1)
      ON CONFLICT (district_code, dimension, band) DO UPDATE SET listings = market_listing_bands.listings + 1;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER market_listing_bands_count AFTER INSERT OR UPDATE OF status, district_code, price_band, area_band, rooms_band OR DELETE ON market_listings
  FOR EACH ROW EXECUTE FUNCTION market_listing_bands_count();
