-- The runs of a trip's receipt block granted to each device (domain/receipts/grants.ts): a device prints
-- only numbers of its own runs, so two devices of a van never print the same number. Never changed or removed.
CREATE TABLE receipt_grants (
  trip_id    TEXT    NOT NULL,
  first      INTEGER NOT NULL,
  last       INTEGER NOT NULL,
  device_id  TEXT    NOT NULL,
  entry_id   TEXT    NOT NULL UNIQUE,
  granted_at TEXT    NOT NULL,
  PRIMARY KEY (trip_id, first)
) WITHOUT ROWID;
CREATE INDEX receipt_grants_by_device ON receipt_grants (device_id, trip_id);

-- A van's newest trip (the one its devices work on) without reading every trip.
CREATE INDEX documents_trips_by_van_date ON documents (json_extract(body, '$.vanId'), json_extract(body, '$.date'))
  WHERE collection = 'trips';

-- Granting leaves out the numbers a trip's receipts already carry.
CREATE INDEX receipt_numbers_by_trip ON receipt_numbers (trip_id);
