-- Office-only records of the review and trip work (issue 6). None of these replicate to vans.

-- Phone bookings (预约登记) before they are planned into a trip; planning writes the appointments document.
CREATE TABLE office_appointment_requests (
  id             TEXT PRIMARY KEY,
  applicant_name TEXT NOT NULL,
  phone          TEXT NOT NULL,
  address        TEXT NOT NULL,
  business_kind  TEXT NOT NULL,
  category       TEXT NOT NULL,
  preferred_date TEXT NOT NULL,
  notes          TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  trip_id        TEXT,
  outcome        TEXT,
  outcome_note   TEXT
);
CREATE INDEX office_appointment_requests_by_date ON office_appointment_requests (preferred_date);

-- Every case taken ahead of older cases in a review queue, with the reason (no 人情件).
CREATE TABLE office_queue_skips (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id     TEXT NOT NULL,
  level       INTEGER NOT NULL CHECK (level IN (1, 2, 3)),
  staff_id    TEXT NOT NULL,
  reason      TEXT NOT NULL,
  skipped_ids TEXT NOT NULL,
  at          TEXT NOT NULL
);
CREATE INDEX office_queue_skips_by_case ON office_queue_skips (case_id);

-- What the trip's staff handed back: money by payment method (fen) and the unused receipt numbers.
CREATE TABLE office_trip_returns (
  trip_id        TEXT PRIMARY KEY,
  by_method      TEXT NOT NULL,
  unused_numbers TEXT NOT NULL,
  declared_by    TEXT NOT NULL,
  declared_at    TEXT NOT NULL
);

-- The finance sign-off of a trip's reconciliation, with the report as signed (JSON) and its hash.
CREATE TABLE office_trip_signoffs (
  trip_id     TEXT PRIMARY KEY,
  staff_id    TEXT NOT NULL,
  staff_name  TEXT NOT NULL,
  note        TEXT NOT NULL,
  report      TEXT NOT NULL,
  report_hash TEXT NOT NULL,
  signed_at   TEXT NOT NULL
);
