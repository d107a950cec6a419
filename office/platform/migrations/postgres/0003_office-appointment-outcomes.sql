-- What happened to an appointment that produced no case (改约, 申请人放弃, 未遇), recorded at reconciliation.
CREATE TABLE office_appointment_outcomes (
  appointment_id TEXT PRIMARY KEY,
  trip_id        TEXT NOT NULL,
  outcome        TEXT NOT NULL CHECK (outcome IN ('rescheduled', 'cancelled', 'not-home', 'other')),
  note           TEXT NOT NULL,
  recorded_by    TEXT NOT NULL,
  recorded_at    TEXT NOT NULL
);
