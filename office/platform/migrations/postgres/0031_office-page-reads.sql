-- PostgreSQL twin of sqlite/0031_office-page-reads.sql: the office pages read what they show, on indexes,
-- instead of whole collections. The body is text as pushed; byte order ("C") as SQLite compares.

-- A fee schedule by the date it takes effect (its `ref`): the schedule in force on a date is one indexed read.
UPDATE documents SET ref = body::jsonb ->> 'effectiveFrom' WHERE collection = 'feeSchedules';

-- The trips page and the dashboard list trips newest first, a page at a time.
CREATE INDEX documents_trips_by_date ON documents (((body::jsonb) ->> 'date'), id) WHERE collection = 'trips';

-- A payment statement's lines find the receipts that carry their transaction references.
CREATE INDEX documents_receipts_by_transaction ON documents (((body::jsonb) ->> 'transactionRef')) WHERE collection = 'receipts';

-- The appointments page lists the appointments from a day on, in time order.
CREATE INDEX documents_appointments_by_time ON documents (((body::jsonb) ->> 'scheduledAt'), id) WHERE collection = 'appointments';

-- The requests not yet planned into a trip (the planning form offers them).
CREATE INDEX office_appointment_requests_open ON office_appointment_requests (preferred_date, created_at) WHERE trip_id IS NULL;

-- Who works on which trip (from each trip's staffIds, kept at every trip write): the vans a van clerk's
-- account goes to are those of the trips they work, read by the person, not by every trip.
CREATE TABLE trip_staff (
  staff_id TEXT COLLATE "C" NOT NULL,
  trip_id  TEXT COLLATE "C" NOT NULL,
  van_id   TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (staff_id, trip_id)
);
CREATE INDEX trip_staff_by_trip ON trip_staff (trip_id);
INSERT INTO trip_staff (staff_id, trip_id, van_id)
  SELECT s.value, d.id, d.body::jsonb ->> 'vanId' FROM documents d, jsonb_array_elements_text(d.body::jsonb -> 'staffIds') s
  WHERE d.collection = 'trips' ON CONFLICT DO NOTHING;

-- The dashboard's figures, kept with each case's stage (case_stages, 0026) instead of worked out from every case:
-- stage: the domain's stage code; trip_id, created_by: from the case document; due: the earlier of its two
-- deadlines while its clock is open, NULL otherwise (an overdue case has a due date before today).
ALTER TABLE case_stages ADD COLUMN stage TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE case_stages ADD COLUMN trip_id TEXT COLLATE "C";
ALTER TABLE case_stages ADD COLUMN created_by TEXT COLLATE "C";
ALTER TABLE case_stages ADD COLUMN due TEXT COLLATE "C";
CREATE INDEX case_stages_by_trip ON case_stages (trip_id, closed);
CREATE INDEX case_stages_by_due ON case_stages (due) WHERE due IS NOT NULL;

-- How many cases stand at each stage, and what each person has done (events by kind; '#created': cases
-- accepted), kept by adding each case's change: per case in case_work, summed per person in staff_work.
CREATE TABLE stage_counts (
  stage TEXT   COLLATE "C" NOT NULL PRIMARY KEY,
  n     BIGINT NOT NULL
);
CREATE TABLE case_work (
  case_id  TEXT   COLLATE "C" NOT NULL,
  staff_id TEXT   COLLATE "C" NOT NULL,
  kind     TEXT   COLLATE "C" NOT NULL,
  n        BIGINT NOT NULL,
  PRIMARY KEY (case_id, staff_id, kind)
);
CREATE TABLE staff_work (
  staff_id TEXT   COLLATE "C" NOT NULL,
  kind     TEXT   COLLATE "C" NOT NULL,
  n        BIGINT NOT NULL,
  PRIMARY KEY (staff_id, kind)
);

-- Every stored case is worked out again once, filling the new columns and the counts.
UPDATE case_stage_cursors SET seq = 0;
