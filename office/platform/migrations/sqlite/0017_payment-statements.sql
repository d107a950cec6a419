-- A QR payment channel's statement as the office imported it for a trip (docs/payment-statements.md): the
-- file itself (base64, as the channel exported it), matched against the receipts each time the trip's
-- reconciliation is shown. A later import of the same channel for the trip replaces the earlier one.
CREATE TABLE office_payment_statements (
  trip_id     TEXT NOT NULL,
  channel     TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  content     TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  PRIMARY KEY (trip_id, channel)
);
