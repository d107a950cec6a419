-- A ledger import writes its records batch by batch and is found again by its file after a crash, so it resumes
-- where it stopped instead of starting over (or being half done for good). Imports made before keep no hash.
ALTER TABLE archive_imports ADD COLUMN file_sha256 TEXT;
-- One running import per file: the same file sent twice at once continues one import, not two.
CREATE UNIQUE INDEX archive_imports_one_running ON archive_imports (file_sha256) WHERE status = 'running';
