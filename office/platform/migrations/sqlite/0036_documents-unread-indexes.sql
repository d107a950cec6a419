-- Two indexes of the documents table that no query reads (every read of the table and its plan:
-- tests/office-platform/document-plans.test.ts), each an insert into its B-tree and its pages in the commit for
-- the documents it covers:
-- documents_by_owner (0001) holds every document, pushed ones included. A pull reads a collection's documents in
-- sequence order (documents_by_seq) and checks each one's owner on the row; a van's own documents are found by
-- the device that pushed them (documents_by_device_seq, 0027), which for a van's document is its owner too.
DROP INDEX documents_by_owner;
-- documents_scans_by_sha256 (0010): the devices that declared a scan are found by its sha256 kept as the scan's
-- `ref` (0014, documents_by_ref_seq); nothing reads the sha256 out of the body any more.
DROP INDEX documents_scans_by_sha256;
