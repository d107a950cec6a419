-- A ledger import resumes after a crash (PostgreSQL twin of sqlite/0022).
ALTER TABLE archive_imports ADD COLUMN file_sha256 TEXT;
-- One running import per file: the same file sent twice at once continues one import, not two.
CREATE UNIQUE INDEX archive_imports_one_running ON archive_imports (file_sha256) WHERE status = 'running';
