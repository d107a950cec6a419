-- How many published listings each band of the search holds, per district ('' for every district) and dimension
-- (price_band, area_band, rooms_band of 0030 and 0032): the search walks the bands of the one dimension whose bands
-- hold the fewest listings, of those it asks for (listing-search-sql.ts), and reads these few rows to know which.
-- Kept by the triggers below in the transaction that publishes, ends or removes a listing; the counts only choose
-- which index a search walks, never what it finds.
CREATE TABLE market_listing_bands (
  district_code TEXT NOT NULL,
  dimension     TEXT NOT NULL CHECK (dimension IN ('price', 'area', 'rooms')),
  band          INTEGER NOT NULL,
  listings      INTEGER NOT NULL,
  PRIMARY KEY (district_code, dimension, band)
) WITHOUT ROWID;

INSERT INTO market_listing_bands (district_code, dimension, band, listings)
  SELECT district_code, dimension, band, count(*) FROM (
    SELECT district_code, 'price' AS dimension, price_band AS band FROM market_listings WHERE status = 'published'
    UNION ALL SELECT '', 'price', price_band FROM market_listings WHERE status = 'published'
    UNION ALL SELECT district_code, 'area', area_band FROM market_listings WHERE status = 'published'
    UNION ALL SELECT '', 'area', area_band FROM market_listings WHERE status = 'published'
    UNION ALL SELECT district_code, 'rooms', rooms_band FROM market_listings WHERE status = 'published'
    UNION ALL SELECT '', 'rooms', rooms_band FROM market_listings WHERE status = 'published'
  ) AS published GROUP BY district_code, dimension, band;

CREATE TRIGGER market_listing_bands_insert AFTER INSERT ON market_listings WHEN NEW.status = 'published' BEGIN
  INSERT INTO market_listing_bands (district_code, dimension, band, listings) VALUES
    (NEW.district_code, 'price', NEW.price_band, 1), ('', 'price', NEW.price_band, 1),
    (NEW.district_code, 'area', NEW.area_band, 1), ('', 'area', NEW.area_band, 1),
    (NEW.district_code, 'rooms', NEW.rooms_band, 1), ('', 'rooms', NEW.rooms_band, 1)
    ON CONFLICT (district_code, dimension, band) DO UPDATE SET listings = listings + 1;
END;
-- An update counts the row out as it was and in as it is (only the status changes once a listing is stored; the
-- bands and the district are counted anew too, should they ever change).
CREATE TRIGGER market_listing_bands_update_out AFTER UPDATE OF status, district_code, price_band, area_band, rooms_band ON market_listings WHEN OLD.status = 'published' BEGIN
  UPDATE market_listing_bands SET listings = listings - 1
    WHERE district_code IN (OLD.district_code, '')
      AND ((dimension = 'price' AND band = OLD.price_band) OR (dimension = 'area' AND band = OLD.area_band) OR (dimension = 'rooms' AND band = OLD.rooms_band));
END;
CREATE TRIGGER market_listing_bands_update_in AFTER UPDATE OF status, district_code, price_band, area_band, rooms_band ON market_listings WHEN NEW.status = 'published' BEGIN
  INSERT INTO market_listing_bands (district_code, dimension, band, listings) VALUES
    (NEW.district_code, 'price', NEW.price_band, 1), ('', 'price', NEW.price_band, 1),
    (NEW.district_code, 'area', NEW.area_band, 1), ('', 'area', NEW.area_band, 1),
    (NEW.district_code, 'rooms', NEW.rooms_band, 1), ('', 'rooms', NEW.rooms_band, 1)
    ON CONFLICT (district_code, dimension, band) DO UPDATE SET listings = listings + 1;
END;
CREATE TRIGGER market_listing_bands_delete AFTER DELETE ON market_listings WHEN OLD.status = 'published' BEGIN
  UPDATE market_listing_bands SET listings = listings - 1
    WHERE district_code IN (OLD.district_code, '')
      AND ((dimension = 'price' AND band = OLD.price_band) OR (dimension = 'area' AND band = OLD.area_band) OR (dimension = 'rooms' AND band = OLD.rooms_band));
END;
