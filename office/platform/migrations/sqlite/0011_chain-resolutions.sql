-- An event on a broken hash chain is kept as evidence but counts for its case only once an office supervisor
-- accepts it on the case page; a rejected one stays evidence for good. One decision per event, never changed.
CREATE TABLE chain_resolutions (
  event_id    TEXT PRIMARY KEY,
  case_id     TEXT NOT NULL,
  decision    TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
  note        TEXT NOT NULL,
  staff_id    TEXT NOT NULL,
  resolved_at TEXT NOT NULL
);
CREATE INDEX chain_resolutions_by_case ON chain_resolutions (case_id);
