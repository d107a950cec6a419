-- Lookups the office's request paths make by key instead of reading a whole collection (PostgreSQL twin
-- of sqlite/0020).

-- A case by the number printed on its 受理凭证: the acceptance (or refusal, or correction notice) event
-- carries it, in `payload.caseNumber` or `payload.intake.caseNumber` (office/replication/document-keys.ts).
UPDATE documents SET ref = COALESCE(body::jsonb #>> '{payload,caseNumber}', body::jsonb #>> '{payload,intake,caseNumber}')
  WHERE collection = 'caseEvents' AND body::jsonb ->> 'kind' IN ('accepted', 'correction-notified', 'intake-refused');

-- A refund by the trip whose takings paid it out (a trip's reconciliation lists them).
UPDATE documents SET trip_id = body::jsonb #>> '{payload,tripId}' WHERE collection = 'caseEvents' AND body::jsonb ->> 'kind' = 'fee-refunded';

-- The tail of the office's own hash chain (its latest event) and other office-authored documents in write order.
CREATE INDEX documents_office_by_seq ON documents (collection, seq) WHERE author = 'office';

-- The receipt block of every trip, kept beside the trip document at each write, so allocating a block
-- checks overlap with an indexed range query under one lock (no race between the check and the write).
CREATE TABLE receipt_blocks (
  trip_id TEXT    NOT NULL PRIMARY KEY,
  prefix  TEXT    NOT NULL,
  first   BIGINT  NOT NULL,
  last    BIGINT  NOT NULL
);
CREATE INDEX receipt_blocks_by_prefix ON receipt_blocks (prefix, first);

INSERT INTO receipt_blocks (trip_id, prefix, first, last)
  SELECT id, body::jsonb #>> '{receiptBlock,prefix}', (body::jsonb #>> '{receiptBlock,first}')::bigint, (body::jsonb #>> '{receiptBlock,last}')::bigint
  FROM documents WHERE collection = 'trips' AND jsonb_typeof(body::jsonb -> 'receiptBlock') = 'object';
