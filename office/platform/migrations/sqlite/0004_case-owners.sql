-- Which device owns each case: the device that first wrote a document of it (its header, or an event,
-- receipt or scan that arrived first), and its van. Only that device may add to the case afterwards.
CREATE TABLE case_owners (
  case_id    TEXT PRIMARY KEY,
  van_id     TEXT NOT NULL,
  device_id  TEXT NOT NULL,
  claimed_at TEXT NOT NULL
) WITHOUT ROWID;

-- Cases already stored: their header's device first, then the device of the first van document naming the case.
INSERT OR IGNORE INTO case_owners (case_id, van_id, device_id, claimed_at)
  SELECT d.id, v.van_id, d.device_id, d.received_at
  FROM documents d JOIN devices v ON v.id = d.device_id
  WHERE d.collection = 'cases' AND d.author = 'van'
  ORDER BY d.seq;
INSERT OR IGNORE INTO case_owners (case_id, van_id, device_id, claimed_at)
  SELECT json_extract(d.body, '$.caseId'), v.van_id, d.device_id, d.received_at
  FROM documents d JOIN devices v ON v.id = d.device_id
  WHERE d.collection IN ('caseEvents', 'receipts', 'scans') AND d.author = 'van' AND json_extract(d.body, '$.caseId') IS NOT NULL
  ORDER BY d.seq;
