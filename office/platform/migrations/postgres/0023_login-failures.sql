-- PostgreSQL twin of sqlite/0023_login-failures.sql.
CREATE TABLE login_failures (
  realm TEXT   NOT NULL,
  scope TEXT   NOT NULL CHECK (scope IN ('account', 'address')),
  key   TEXT   NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (realm, scope, key, at_ms);
CREATE INDEX login_failures_by_age ON login_failures (at_ms);
