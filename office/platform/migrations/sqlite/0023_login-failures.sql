-- Failed sign-ins, counted per account and per client address over a window (OWASP ASVS 2.2.1), kept in
-- the database so that every office server behind a proxy counts the same failures.
-- realm: whose sign-in (staff, portal); scope: 'account' or 'address'; key: the lower-cased login or the
-- address; at_ms: when, in milliseconds. Rows older than the window are deleted as new failures arrive.
CREATE TABLE login_failures (
  realm TEXT    NOT NULL,
  scope TEXT    NOT NULL CHECK (scope IN ('account', 'address')),
  key   TEXT    NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (realm, scope, key, at_ms);
CREATE INDEX login_failures_by_age ON login_failures (at_ms);
