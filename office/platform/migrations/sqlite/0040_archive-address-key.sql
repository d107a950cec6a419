-- The register's units in the order a person reads their addresses (3号 before 39号): a stored key whose plain order
-- is that order (domain/register/address-order.ts addressSortKey), so the database sorts and pages an address search
-- however many units match. Written with every change to a unit; units stored before this migration get theirs when
-- the office starts, before it serves a search (archive/address-keys.ts).
ALTER TABLE archive_units ADD COLUMN address_key TEXT;
CREATE INDEX archive_units_by_address_key ON archive_units (address_key, unit_number);
