-- Protocol 21: the office keeps each van's per-case order itself (sync/server/sync/case-order.ts). A case header or
-- case event it refused stays here, by device, until the same document is stored: meanwhile the case's later
-- documents from that device are answered `held-back` instead of stored.
CREATE TABLE open_refusals (
  device_id  TEXT NOT NULL,
  collection TEXT NOT NULL,
  doc_id     TEXT NOT NULL,
  case_id    TEXT NOT NULL,
  -- The refused event's sequence number on its device; NULL for a case header.
  seq        INTEGER,
  at         TEXT NOT NULL,
  PRIMARY KEY (device_id, collection, doc_id)
);
