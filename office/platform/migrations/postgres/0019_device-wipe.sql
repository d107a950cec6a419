-- PostgreSQL twin of sqlite/0019_device-wipe.sql.
-- A wipe the office ordered for a lost or stolen van device: when and by whom, when the office gave up what
-- the device had not pushed, the device's last account of what it still held unsynced (JSON), and when it
-- said it erased itself. Null while no wipe is ordered. Never changed or removed.
ALTER TABLE devices ADD COLUMN wipe_ordered_at TEXT;
ALTER TABLE devices ADD COLUMN wipe_ordered_by TEXT;
ALTER TABLE devices ADD COLUMN wipe_abandoned_at TEXT;
ALTER TABLE devices ADD COLUMN wipe_report TEXT;
ALTER TABLE devices ADD COLUMN wipe_report_at TEXT;
ALTER TABLE devices ADD COLUMN wiped_at TEXT;
ALTER TABLE devices ADD COLUMN wipe_confirmed_at TEXT;
