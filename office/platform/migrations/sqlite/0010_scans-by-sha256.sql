-- An upload is taken only for bytes its device declared in a scans document: found by the bytes' SHA-256.
CREATE INDEX documents_scans_by_sha256 ON documents (json_extract(body, '$.sha256'), device_id) WHERE collection = 'scans';
