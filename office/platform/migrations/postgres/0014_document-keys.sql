-- The keys the office looks documents up by (PostgreSQL twin of sqlite/0014), kept beside the body at
-- every write (office/replication/document-keys.ts), so no request reads a whole collection to find one
-- case: the case a document belongs to, its trip, and its natural key (a receipt's number, a scan's
-- sha256, a staff member's login).
ALTER TABLE documents ADD COLUMN case_id TEXT;
ALTER TABLE documents ADD COLUMN trip_id TEXT;
ALTER TABLE documents ADD COLUMN ref TEXT;

UPDATE documents SET case_id = id WHERE collection = 'cases';
UPDATE documents SET case_id = body::jsonb ->> 'caseId' WHERE collection IN ('caseEvents', 'receipts', 'scans');
UPDATE documents SET trip_id = id WHERE collection = 'trips';
UPDATE documents SET trip_id = body::jsonb ->> 'tripId' WHERE collection IN ('cases', 'receipts', 'appointments', 'tripLedger');
UPDATE documents SET ref = body::jsonb ->> 'number' WHERE collection = 'receipts';
UPDATE documents SET ref = body::jsonb ->> 'sha256' WHERE collection IN ('scans', 'scanAcks');
UPDATE documents SET ref = body::jsonb ->> 'login' WHERE collection = 'staff';

CREATE INDEX documents_by_case ON documents (case_id, collection) WHERE case_id IS NOT NULL;
CREATE INDEX documents_by_trip ON documents (trip_id, collection) WHERE trip_id IS NOT NULL;
CREATE INDEX documents_by_ref ON documents (collection, ref) WHERE ref IS NOT NULL;
CREATE INDEX documents_by_device ON documents (device_id, collection) WHERE device_id IS NOT NULL;
