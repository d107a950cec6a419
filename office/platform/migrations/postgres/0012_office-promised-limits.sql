-- The office's 承诺时限 per business kind, in working days, shown beside the legal 30 (《不动产登记暂行条例》第二十条) (PostgreSQL twin of sqlite/0012)
-- on the public guide and the notices; a kind without a row keeps the national default (domain/calendar/promised-limits.ts).
CREATE TABLE office_promised_limits (
  business_kind TEXT PRIMARY KEY,
  working_days  INTEGER NOT NULL CHECK (working_days BETWEEN 1 AND 30),
  set_by        TEXT NOT NULL,
  set_at        TEXT NOT NULL
);
