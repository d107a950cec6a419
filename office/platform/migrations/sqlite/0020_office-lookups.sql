-- Lookups the office's request paths make by key instead of reading a whole collection.

-- A case by the number printed on its 受理凭证: the acceptance (or refusal, or correction notice) event
-- carries it, in `payload.caseNumber` or `payload.intake.caseNumber` (office/replication/document-keys.ts).
UPDATE documents SET ref = COALESCE(json_extract(body, '$.payload.caseNumber'), json_extract(body, '$.payload.intake.caseNumber'))
  WHERE collection = 'caseEvents' AND json_extract(body, '$.kind') IN ('accepted', 'correction-notified', 'intake-refused');

-- A refund by the trip whose takings paid it out (a trip's reconciliation lists them).
UPDATE documents SET trip_id = json_extract(body, '$.payload.tripId') WHERE collection = 'caseEvents' AND json_extract(body, '$.kind') = 'fee-refunded';

-- The tail of the office's own hash chain (its latest event) and other office-authored documents in write order.
CREATE INDEX documents_office_by_seq ON documents (collection, seq) WHERE author = 'office';

-- The receipt block of every trip, kept beside the trip document at each write, so allocating a block
-- checks overlap with an indexed range query under one lock (no race between the check and the write).
CREATE TABLE receipt_blocks (
  trip_id TEXT    NOT NULL PRIMARY KEY,
  prefix  TEXT    NOT NULL,
  first   INTEGER NOT NULL,
  last    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX receipt_blocks_by_prefix ON receipt_blocks (prefix, first);

INSERT INTO receipt_blocks (trip_id, prefix, first, last)
  SELECT id, json_extract(body, '$.receiptBlock.prefix'), json_extract(body, '$.receiptBlock.first'), json_extract(body, '$.receiptBlock.last')
  FROM documents WHERE collection = 'trips' AND json_type(body, '$.receiptBlock') = 'object';
