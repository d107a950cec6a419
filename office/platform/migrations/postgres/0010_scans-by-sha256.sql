-- An upload is taken only for bytes its device declared in a scans document: found by the bytes' SHA-256
-- (PostgreSQL twin of sqlite/0010).
CREATE INDEX documents_scans_by_sha256 ON documents ((body::jsonb ->> 'sha256'), device_id) WHERE collection = 'scans';
