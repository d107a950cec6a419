-- PostgreSQL twin of sqlite/0027_document-key-order.sql.
-- The keyed reads (a case's, a trip's, a device's documents, a document by its natural key) return them in
-- sequence order. With the sequence in the same index the database reads only the key's rows; with the key
-- alone SQLite's planner walked the whole collection in sequence order to avoid a sort.
CREATE INDEX documents_by_case_seq ON documents (case_id, collection, seq) WHERE case_id IS NOT NULL;
CREATE INDEX documents_by_trip_seq ON documents (trip_id, collection, seq) WHERE trip_id IS NOT NULL;
CREATE INDEX documents_by_ref_seq ON documents (collection, ref, seq) WHERE ref IS NOT NULL;
CREATE INDEX documents_by_device_seq ON documents (device_id, collection, seq) WHERE device_id IS NOT NULL;
